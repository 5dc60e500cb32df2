//! Agent passwords: argon2id hashes (PHC strings), the strength rule `baton agent add`
//! enforces, and a verification that costs the same whether or not the agent exists.

use std::sync::LazyLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use argon2::Argon2;

/// Shortest password `baton agent add` accepts, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted, in bytes: enough for any passphrase, and a bound on the work
/// one login request can ask for.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Why a password was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeakPassword(pub String);

impl std::fmt::Display for WeakPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// At least [`MIN_PASSWORD_CHARS`] characters, at most [`MAX_PASSWORD_BYTES`] bytes, not
/// only spaces.
pub fn check_strength(password: &str) -> Result<(), WeakPassword> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS || password.trim().is_empty() {
        return Err(WeakPassword(format!(
            "the password has {chars} characters; use at least {MIN_PASSWORD_CHARS}"
        )));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(WeakPassword(format!(
            "the password is longer than {MAX_PASSWORD_BYTES} bytes"
        )));
    }
    Ok(())
}

/// The argon2id PHC string of `password` with a fresh random salt.
pub fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("argon2: {e}"))
}

/// Password checks running at once: each argon2 verification holds 19 MiB and a core for a
/// moment, so without a bound, 200 wrong logins at once took 3.8 GiB.
pub const CHECKS_AT_ONCE: usize = 2;
/// Checks allowed to wait for one of those; past that a login is answered 503 at once
/// (cheaply, before any hashing).
pub const CHECKS_WAITING: usize = 16;

type Check = (Option<String>, String, tokio::sync::oneshot::Sender<bool>);

/// The checkers: [`CHECKS_AT_ONCE`] threads of their own, fed through a queue of
/// [`CHECKS_WAITING`]. Own threads rather than the runtime's blocking pool: the allocator
/// keeps each thread's 19 MiB for reuse, so a pool of hundreds of threads would keep
/// hundreds of them.
static CHECKERS: LazyLock<std::sync::mpsc::SyncSender<Check>> = LazyLock::new(|| {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Check>(CHECKS_WAITING);
    let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
    for i in 0..CHECKS_AT_ONCE {
        let rx = rx.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("password-check-{i}"))
            .spawn(move || loop {
                let next = rx
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .recv();
                let Ok((stored, password, reply)) = next else {
                    return;
                };
                let _ = reply.send(verify(stored.as_deref(), &password));
            });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "cannot start a password checker");
        }
    }
    tx
});

/// [`verify`] on the checkers' threads, at most [`CHECKS_AT_ONCE`] at a time; `None` when
/// [`CHECKS_WAITING`] are already waiting (the caller answers "busy").
pub async fn verify_bounded(stored: Option<String>, password: String) -> Option<bool> {
    let (reply, answer) = tokio::sync::oneshot::channel();
    CHECKERS.try_send((stored, password, reply)).ok()?;
    Some(answer.await.unwrap_or(false))
}

thread_local! {
    /// The argon2 working memory of this thread's checks (19 MiB with the default cost),
    /// allocated once and reused: a fresh allocation per check was kept by the allocator
    /// after each one, so memory grew by that much with every login.
    static MEMORY: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Recomputes `parsed`'s hash of `password` in `memory` and compares it in constant time.
fn matches(
    parsed: &PasswordHash,
    password: &[u8],
    memory: &mut Vec<argon2::Block>,
) -> Result<bool, argon2::password_hash::Error> {
    let params = argon2::Params::try_from(parsed)?;
    let algorithm = argon2::Algorithm::try_from(parsed.algorithm)?;
    let version = parsed
        .version
        .map(argon2::Version::try_from)
        .transpose()?
        .unwrap_or_default();
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(argon2::password_hash::Error::PhcStringField);
    };
    let mut salt_bytes = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_bytes)?;
    memory.resize(params.block_count(), argon2::Block::default());
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params).hash_password_into_with_memory(
        password,
        salt,
        &mut out,
        &mut memory[..],
    )?;
    Ok(argon2::password_hash::Output::new(&out)? == expected)
}

/// A hash of nothing anyone knows, verified against when the email is unknown so that a
/// login takes as long for a stranger as for an agent with a wrong password.
static DECOY: LazyLock<String> = LazyLock::new(|| {
    let noise: [u8; 16] = rand::random();
    let noise: String = noise.iter().map(|b| format!("{b:02x}")).collect();
    hash(&noise).unwrap_or_default()
});

/// True when `password` matches `stored`. With `stored = None` (no such agent) the same
/// work is done against a decoy and the answer is false. A malformed stored hash is logged
/// and never matches.
pub fn verify(stored: Option<&str>, password: &str) -> bool {
    if password.len() > MAX_PASSWORD_BYTES {
        return false;
    }
    let (phc, real) = match stored {
        Some(s) => (s, true),
        None => (DECOY.as_str(), false),
    };
    let parsed = match PasswordHash::new(phc) {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "an agent's stored password hash is malformed");
            return false;
        }
    };
    let ok = MEMORY
        .with_borrow_mut(|memory| matches(&parsed, password.as_bytes(), memory))
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "an agent's stored password hash cannot be checked");
            false
        });
    ok && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn checks_at_once_are_bounded_and_the_rest_are_turned_away_before_any_hashing() {
        // Sixty arrive together (all queued in one poll, before any check can finish).
        let answers = futures_util::future::join_all(
            (0..60).map(|_| verify_bounded(None, "a wrong password".into())),
        )
        .await;
        let turned_away = answers.iter().filter(|a| a.is_none()).count();
        assert!(
            turned_away >= 60 - CHECKS_AT_ONCE - CHECKS_WAITING,
            "{turned_away} of 60 turned away"
        );
        assert!(answers.iter().flatten().all(|ok| !ok));
        // A right password is still checked once the rush is over.
        let stored = hash("the right password").unwrap();
        assert_eq!(
            verify_bounded(Some(stored), "the right password".into()).await,
            Some(true)
        );
    }

    #[test]
    fn strength() {
        assert!(check_strength("short").is_err());
        assert!(check_strength("          ").is_err());
        assert!(check_strength("correct horse").is_ok());
        assert!(check_strength(&"x".repeat(MAX_PASSWORD_BYTES + 1)).is_err());
    }

    #[test]
    fn hash_then_verify() {
        let h = hash("correct horse battery").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(Some(&h), "correct horse battery"));
        assert!(!verify(Some(&h), "wrong horse battery"));
        assert!(!verify(None, "correct horse battery"));
        assert!(!verify(Some("not a hash"), "correct horse battery"));
    }
}
