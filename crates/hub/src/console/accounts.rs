//! Creating agents (`baton agent add`): checks the email, name, teams and password, hashes
//! the password with argon2id, and stores the agent with their teams.

use crate::config::HubConfig;
use crate::db::Db;

use super::password;

/// A new agent as `baton agent add` reads it.
#[derive(Clone, Debug)]
pub struct NewAgent {
    /// Login email (stored lower-case).
    pub email: String,
    /// Display name ("Maria joined").
    pub name: String,
    /// `(site, team)` pairs.
    pub teams: Vec<(String, String)>,
    /// The password, as typed.
    pub password: String,
}

/// Longest display name.
const MAX_NAME: usize = 80;

/// `SITE:TEAM[,SITE:TEAM…]` → pairs.
pub fn parse_teams(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match item.split_once(':') {
            Some((site, team)) if !site.trim().is_empty() && !team.trim().is_empty() => {
                out.push((site.trim().to_string(), team.trim().to_string()));
            }
            _ => return Err(format!("--teams: {item:?} is not SITE:TEAM")),
        }
    }
    if out.is_empty() {
        return Err("--teams: name at least one SITE:TEAM".into());
    }
    Ok(out)
}

/// Checks everything, then stores the agent and their teams. With `config`, every site and
/// team must exist in it. Returns the new agent's id.
pub async fn add(db: &Db, config: Option<&HubConfig>, agent: &NewAgent) -> Result<String, String> {
    let email = agent.email.trim().to_lowercase();
    check_email(&email)?;
    let name = agent.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(format!(
            "--name must be 1 to {MAX_NAME} characters without control characters"
        ));
    }
    if let Some(config) = config {
        for (site, team) in &agent.teams {
            let s = config
                .site(site)
                .ok_or_else(|| format!("--teams: no site {site:?} in the configuration"))?;
            if !s.teams.iter().any(|t| &t.key == team) {
                let known: Vec<&str> = s.teams.iter().map(|t| t.key.as_str()).collect();
                return Err(format!(
                    "--teams: site {site:?} has no team {team:?} (it has {})",
                    known.join(", ")
                ));
            }
        }
    }
    password::check_strength(&agent.password).map_err(|e| e.to_string())?;
    if db
        .agent_by_email(&email)
        .await
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Err(format!("an agent with email {email} already exists"));
    }
    let hash = password::hash(&agent.password)?;
    let id = match db.agents_create(&email, name, &hash).await {
        Ok(id) => id,
        Err(e) if e.is_unique_violation() => {
            return Err(format!("an agent with email {email} already exists"))
        }
        Err(e) => return Err(e.to_string()),
    };
    for (site, team) in &agent.teams {
        db.agent_teams_add(&id, site, team)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(id)
}

/// Plausible address: one `@`, something either side, a dot in the domain, no spaces.
fn check_email(email: &str) -> Result<(), String> {
    let ok = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && matches!(email.split_once('@'), Some((local, domain)) if !local.is_empty() && domain.contains('.') && !domain.contains('@') && !domain.starts_with('.') && !domain.ends_with('.'));
    if ok {
        Ok(())
    } else {
        Err(format!("--email: {email:?} is not an email address"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teams() {
        assert_eq!(
            parse_teams("demo:support, demo:billing").unwrap(),
            vec![
                ("demo".into(), "support".into()),
                ("demo".into(), "billing".into())
            ]
        );
        assert!(parse_teams("demo").is_err());
        assert!(parse_teams(":x").is_err());
        assert!(parse_teams("").is_err());
    }

    #[test]
    fn emails() {
        assert!(check_email("maria@example.com").is_ok());
        for bad in [
            "maria",
            "@example.com",
            "maria@example",
            "ma ria@example.com",
            "a@b@c.com",
            "maria@.com",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }
}
