//! Verified identity: a site's server signs the email it identifies a visitor by, with a
//! secret only it and the hub know, so an agent can tell "signed in on the shop as
//! maria@example.com" from an address anyone could have typed into the page's script.
//!
//! The signature is hex HMAC-SHA256 of the trimmed, lower-cased email, keyed with the site's
//! identity secret (`identity_secret_file` in the site file). The hub checks it when the
//! console shows the conversation; the secret never leaves the hub and is never logged.

use hmac::{Hmac, Mac};
use protocol::hub::IdentityClaim;
use sha2::Sha256;

/// A site's identity secret; its `Debug` never shows it.
#[derive(Clone)]
pub struct IdentitySecret(String);

impl std::fmt::Debug for IdentitySecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdentitySecret(…)")
    }
}

/// Shortest secret accepted, in bytes.
pub const MIN_SECRET: usize = 16;

impl IdentitySecret {
    /// The secret as read from its file (surrounding whitespace dropped), or why it is refused.
    pub fn new(text: &str) -> Result<IdentitySecret, String> {
        let secret = text.trim();
        if secret.len() < MIN_SECRET {
            return Err(format!(
                "the identity secret has {} bytes; use at least {MIN_SECRET} random ones",
                secret.len()
            ));
        }
        Ok(IdentitySecret(secret.to_string()))
    }

    fn mac(&self, email: &str) -> Option<Hmac<Sha256>> {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.0.as_bytes()).ok()?;
        mac.update(email.trim().to_lowercase().as_bytes());
        Some(mac)
    }

    /// The signature of `email`, as the site's server computes it.
    pub fn sign(&self, email: &str) -> String {
        self.mac(email)
            .map(|m| hex::encode(m.finalize().into_bytes()))
            .unwrap_or_default()
    }

    /// True when `claim`'s signature is this secret's over its email (compared in constant
    /// time).
    pub fn verifies(&self, claim: &IdentityClaim) -> bool {
        let (Ok(signature), Some(mac)) =
            (hex::decode(claim.signature.trim()), self.mac(&claim.email))
        else {
            return false;
        };
        mac.verify_slice(&signature).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(email: &str, signature: &str) -> IdentityClaim {
        IdentityClaim {
            email: email.into(),
            signature: signature.into(),
        }
    }

    #[test]
    fn a_signature_made_with_the_sites_secret_verifies_and_nothing_else_does() {
        let secret = IdentitySecret::new("  correct horse battery staple \n").unwrap();
        // Computed independently: printf %s maria@example.com | openssl dgst -sha256 -hmac 'correct horse battery staple'
        let good = "df5b254af228d9c4430cdc92ddaacf1ff82f1fddf82349937376b99f71efe26d";
        assert_eq!(secret.sign("Maria@Example.com "), good);
        assert!(secret.verifies(&claim("maria@example.com", good)));
        assert!(
            secret.verifies(&claim(" MARIA@example.com", &good.to_uppercase())),
            "case of the email and of the hex do not matter"
        );
        assert!(
            !secret.verifies(&claim("eve@example.com", good)),
            "another email"
        );
        assert!(!secret.verifies(&claim("maria@example.com", "not hex")));
        assert!(!IdentitySecret::new("another secret, long enough")
            .unwrap()
            .verifies(&claim("maria@example.com", good)));
        assert!(IdentitySecret::new("short").is_err());
        assert_eq!(format!("{secret:?}"), "IdentitySecret(…)");
    }
}
