//! `[sites.whatsapp_business]`: the site's WhatsApp Business number on the Cloud API, for
//! conversations that continue on WhatsApp. Secrets are written inline, named by environment
//! variable (`verify_token_env`, `app_secret_env`, `access_token_env`) or read from a file
//! (`…_file`, relative to the site file), once when the site file is loaded, and never shown
//! by `Debug`.

use serde::Deserialize;

use crate::notify::config::secret;

/// `[sites.whatsapp_business]` as written.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WhatsappBusinessFile {
    /// The business number's id in the Cloud API (Meta's app dashboard, "Phone number ID").
    pub phone_number_id: String,
    /// The token Meta sends back when the webhook is verified (you choose it).
    #[serde(default)]
    pub verify_token: Option<String>,
    /// The environment variable holding `verify_token`.
    #[serde(default)]
    pub verify_token_env: Option<String>,
    /// A file holding `verify_token`.
    #[serde(default)]
    pub verify_token_file: Option<String>,
    /// The Meta app's secret: every webhook post is signed with it.
    #[serde(default)]
    pub app_secret: Option<String>,
    /// The environment variable holding `app_secret`.
    #[serde(default)]
    pub app_secret_env: Option<String>,
    /// A file holding `app_secret`.
    #[serde(default)]
    pub app_secret_file: Option<String>,
    /// The access token replies are sent with.
    #[serde(default)]
    pub access_token: Option<String>,
    /// The environment variable holding `access_token`.
    #[serde(default)]
    pub access_token_env: Option<String>,
    /// A file holding `access_token`.
    #[serde(default)]
    pub access_token_file: Option<String>,
    /// The Graph API's base URL (default `https://graph.facebook.com`).
    #[serde(default)]
    pub api_base: Option<String>,
    /// The Graph API version (default `v21.0`).
    #[serde(default)]
    pub api_version: Option<String>,
    /// An approved message template without variables ("We have an answer to your
    /// question: reply to this message to continue."), which agents can send when the visitor
    /// last wrote more than 24 hours ago.
    #[serde(default)]
    pub template: Option<String>,
    /// The template's language code (default `en_US`).
    #[serde(default)]
    pub template_language: Option<String>,
}

/// A secret from the site file: compared and used, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The secret's bytes.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// The checked `[sites.whatsapp_business]`.
#[derive(Clone, Debug, PartialEq)]
pub struct WhatsappBusiness {
    /// The business number's id.
    pub phone_number_id: String,
    /// The webhook's verify token.
    pub verify_token: Secret,
    /// The app secret webhook posts are signed with.
    pub app_secret: Secret,
    /// The access token for sending, if given.
    pub access_token: Option<Secret>,
    /// The Graph API's base URL, without a trailing slash.
    pub api_base: String,
    /// The Graph API version.
    pub api_version: String,
    /// The approved template (name, language code) for outside the 24-hour window, if any.
    pub template: Option<(String, String)>,
}

/// Checks the table: ids and secrets present, the base URL http(s).
pub fn validate(
    file: &WhatsappBusinessFile,
    base: &std::path::Path,
) -> Result<WhatsappBusiness, String> {
    let id = file.phone_number_id.trim();
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(
            "whatsapp_business.phone_number_id: the Cloud API's phone number id (digits)".into(),
        );
    }
    // Inline, from the environment, or from a file: exactly one.
    let read = |key: &str, inline: &Option<String>, env: &Option<String>, path: &Option<String>| {
        let value = match path {
            None => secret(key, inline, env).map_err(|e| format!("whatsapp_business.{e}"))?,
            Some(_) if inline.is_some() || env.is_some() => {
                return Err(format!(
                    "whatsapp_business: give one of {key}, {key}_env, {key}_file"
                ))
            }
            Some(p) => Some(std::fs::read_to_string(base.join(p)).map_err(|e| {
                format!(
                    "whatsapp_business.{key}_file: cannot read {}: {e}",
                    base.join(p).display()
                )
            })?),
        };
        Ok(value
            .filter(|s| !s.trim().is_empty())
            .map(|s| Secret(s.trim().to_string())))
    };
    let needed = |key: &str, inline, env, path| {
        read(key, inline, env, path)?
            .ok_or_else(|| format!("whatsapp_business: {key}, {key}_env or {key}_file is required"))
    };
    let verify_token = needed(
        "verify_token",
        &file.verify_token,
        &file.verify_token_env,
        &file.verify_token_file,
    )?;
    let app_secret = needed(
        "app_secret",
        &file.app_secret,
        &file.app_secret_env,
        &file.app_secret_file,
    )?;
    let access_token = read(
        "access_token",
        &file.access_token,
        &file.access_token_env,
        &file.access_token_file,
    )?;
    let api_base = file
        .api_base
        .as_deref()
        .unwrap_or("https://graph.facebook.com")
        .trim_end_matches('/')
        .to_string();
    if !(api_base.starts_with("https://") || api_base.starts_with("http://")) {
        return Err("whatsapp_business.api_base: an http(s) URL".into());
    }
    Ok(WhatsappBusiness {
        phone_number_id: id.to_string(),
        verify_token,
        app_secret,
        access_token,
        api_base,
        api_version: file.api_version.clone().unwrap_or_else(|| "v21.0".into()),
        template: file
            .template
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| {
                let language = file.template_language.as_deref().unwrap_or("en_US").trim();
                (t.to_string(), language.to_string())
            }),
    })
}

#[cfg(test)]
mod tests {
    use super::{validate, WhatsappBusinessFile};

    fn file() -> WhatsappBusinessFile {
        WhatsappBusinessFile {
            phone_number_id: "106540352242922".into(),
            verify_token: Some("a-token-we-chose".into()),
            app_secret: Some("app-secret".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_table_is_accepted_and_secrets_never_print() {
        let w = validate(&file(), std::path::Path::new(".")).unwrap();
        assert_eq!(w.api_base, "https://graph.facebook.com");
        assert_eq!(w.api_version, "v21.0");
        let shown = format!("{w:?}");
        assert!(
            !shown.contains("app-secret") && !shown.contains("a-token-we-chose"),
            "{shown}"
        );
    }

    #[test]
    fn what_is_missing_or_wrong_is_named() {
        let here = std::path::Path::new(".");
        let e = validate(
            &WhatsappBusinessFile {
                app_secret: None,
                ..file()
            },
            here,
        )
        .unwrap_err();
        assert!(e.contains("app_secret"), "{e}");
        let e = validate(
            &WhatsappBusinessFile {
                phone_number_id: "+44 7700".into(),
                ..file()
            },
            here,
        )
        .unwrap_err();
        assert!(e.contains("phone_number_id"), "{e}");
        let e = validate(
            &WhatsappBusinessFile {
                verify_token_env: Some("BATON_TEST_SURELY_UNSET_VAR".into()),
                verify_token: None,
                ..file()
            },
            here,
        )
        .unwrap_err();
        assert!(e.contains("BATON_TEST_SURELY_UNSET_VAR"), "{e}");
    }

    #[test]
    fn a_secret_can_live_in_a_file_beside_the_site_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("wa.secret"), "from-a-file\n").unwrap();
        let w = validate(
            &WhatsappBusinessFile {
                app_secret: None,
                app_secret_file: Some("wa.secret".into()),
                ..file()
            },
            dir.path(),
        )
        .unwrap();
        assert_eq!(w.app_secret.expose(), "from-a-file");
        let e = validate(
            &WhatsappBusinessFile {
                app_secret_file: Some("wa.secret".into()),
                ..file()
            },
            dir.path(),
        )
        .unwrap_err();
        assert!(e.contains("one of app_secret"), "{e}");
        let e = validate(
            &WhatsappBusinessFile {
                app_secret: None,
                app_secret_file: Some("missing.secret".into()),
                ..file()
            },
            dir.path(),
        )
        .unwrap_err();
        assert!(
            e.contains("app_secret_file") && e.contains("missing.secret"),
            "{e}"
        );
    }
}
