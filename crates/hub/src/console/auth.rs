//! Signing in and out, the session cookie, the `SignedIn` extractor every other endpoint
//! takes, and the same-origin check on state-changing requests.
//!
//! The cookie holds 256 random bits; the database holds only their SHA-256, so a copy of
//! the database signs nobody in. It is `HttpOnly` (page scripts never see it),
//! `SameSite=Strict` (no other site's page can send it), `Path=/`, and `Secure` whenever
//! the hub is reached over https.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chrono::Duration;
use protocol::hub::{Login, Me};

use super::error::ConsoleError;
use super::limit::LoginLimiter;
use super::{me, password};
use crate::api::extract::AppJson;
use crate::db::agents::Agent;
use crate::db::timestamp;
use crate::security::{new_token, token_hash, Peer};
use crate::state::AppState;

/// The session cookie's name.
pub const COOKIE: &str = "baton_console";
/// How long a session lasts.
pub const SESSION_HOURS: i64 = 12;

/// The agent behind a valid session cookie; 401 `unauthorized` otherwise.
#[derive(Clone, Debug)]
pub struct SignedIn {
    /// The agent.
    pub agent: Agent,
    /// Their session's token hash (logout deletes it).
    pub session: String,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ConsoleError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<SignedIn, ConsoleError> {
        let token = session_cookie(&parts.headers).ok_or(ConsoleError::Unauthorized)?;
        let session = token_hash(token);
        let agent = state
            .db
            .agent_by_session(&session, &timestamp(state.now()))
            .await?;
        agent
            .map(|agent| SignedIn { agent, session })
            .ok_or(ConsoleError::Unauthorized)
    }
}

/// The session token from `Cookie:` headers, if present and plausible.
pub fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

/// `POST /console/api/login`: checks the password (as slowly for an unknown email as for
/// a known one), opens a 12-hour session and sets its cookie.
pub async fn login(
    State(state): State<AppState>,
    Extension(limiter): Extension<Arc<LoginLimiter>>,
    Peer(peer): Peer,
    headers: HeaderMap,
    uri: Uri,
    AppJson(body): AppJson<Login>,
) -> Result<Response, ConsoleError> {
    let secure = is_https(&state, &headers, &uri);
    let (me, cookie) = sign_in(&state, &limiter, peer, body, secure).await?;
    let mut response = (StatusCode::OK, Json(me)).into_response();
    let value = HeaderValue::from_str(&cookie)
        .map_err(|e| ConsoleError::App(crate::error::AppError::Internal(format!("cookie: {e}"))))?;
    response.headers_mut().insert(header::SET_COOKIE, value);
    Ok(response)
}

/// Signs in the agent `login` names from `peer`: the agent as the console shows them, and
/// the cookie of their new session (`Secure` when `secure`).
async fn sign_in(
    state: &AppState,
    limiter: &LoginLimiter,
    peer: IpAddr,
    login: Login,
    secure: bool,
) -> Result<(Me, String), ConsoleError> {
    let agent = check_password(state, limiter, peer, login).await?;
    let token = open_session(state, &agent).await?;
    tracing::info!(agent = %agent.id, "console login");
    let cookie = cookie(&token, SESSION_HOURS * 3600, secure);
    Ok((me::me_of(state, &agent).await?, cookie))
}

/// The agent whose email and password `login` carries: 429 past the limiter, 503 when too
/// many checks wait, 401 `invalid_credentials` for a wrong password or an unknown email.
async fn check_password(
    state: &AppState,
    limiter: &LoginLimiter,
    peer: IpAddr,
    login: Login,
) -> Result<Agent, ConsoleError> {
    let email = login.email.trim().to_lowercase();
    limiter.check(peer, &email)?;
    let agent = if email.len() <= 254 {
        state.db.agent_by_email(&email).await?
    } else {
        None
    };
    let stored = agent.as_ref().map(|a| a.password_hash.clone());
    // argon2 is deliberately slow and large: a few at a time, off the async threads.
    let ok = password::verify_bounded(stored, login.password)
        .await
        .ok_or(crate::error::AppError::Busy { retry_after: 2 })?;
    match (ok, agent) {
        (true, Some(agent)) => Ok(agent),
        _ => {
            tracing::info!(%peer, "console login refused");
            Err(ConsoleError::InvalidCredentials)
        }
    }
}

/// Opens a session of [`SESSION_HOURS`] for `agent` (pruning expired ones) and returns its
/// token, which only the cookie keeps.
async fn open_session(state: &AppState, agent: &Agent) -> Result<String, ConsoleError> {
    let token = new_token();
    let now = state.now();
    let expires = now + Duration::hours(SESSION_HOURS);
    state
        .db
        .agent_sessions_create(&token_hash(&token), &agent.id, &timestamp(expires))
        .await?;
    if let Err(e) = state.db.agent_sessions_prune(&timestamp(now)).await {
        tracing::warn!(error = %e, "cannot prune expired console sessions");
    }
    Ok(token)
}

/// The session cookie holding `token` for `max_age` seconds (an empty one for 0 clears it).
fn cookie(token: &str, max_age: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}")
}

/// `POST /console/api/logout`: ends the session, sets the agent away on every team (nobody
/// is left to answer), and clears the cookie.
pub async fn logout(
    State(state): State<AppState>,
    signed_in: SignedIn,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, ConsoleError> {
    state.db.agent_sessions_delete(&signed_in.session).await?;
    state.db.presence_clear(&signed_in.agent.id).await?;
    let cookie = cookie("", 0, is_https(&state, &headers, &uri));
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// True when the browser reached the hub over https: the request itself, a proxy's
/// `X-Forwarded-Proto`/`Forwarded`, or a configured https public URL.
pub fn is_https(state: &AppState, headers: &HeaderMap, uri: &Uri) -> bool {
    if state
        .options
        .public_url
        .as_deref()
        .is_some_and(|u| u.to_ascii_lowercase().starts_with("https://"))
    {
        return true;
    }
    if uri.scheme_str() == Some("https") {
        return true;
    }
    let forwarded_proto = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"));
    let forwarded = headers
        .get(header::FORWARDED)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.to_ascii_lowercase()
                .split([';', ','])
                .any(|p| p.trim() == "proto=https")
        });
    forwarded_proto || forwarded
}

/// The hub's own origin as the browser sees it: the public URL's when configured,
/// otherwise the scheme and the `Host` the request was sent to.
pub fn own_origin(state: &AppState, headers: &HeaderMap, uri: &Uri) -> Option<String> {
    if let Some(public) = state.options.public_url.as_deref() {
        return url::Url::parse(public)
            .ok()
            .map(|u| u.origin().ascii_serialization());
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| uri.authority().map(|a| a.as_str()))?;
    let scheme = if is_https(state, headers, uri) {
        "https"
    } else {
        "http"
    };
    Some(format!("{scheme}://{host}"))
}

/// On the console API: state-changing requests must carry `Origin` equal to the hub's own
/// origin (SameSite=Strict already keeps the cookie off other sites' requests; this holds
/// even where a browser gets SameSite wrong). Answers are never cached.
pub async fn api_guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe {
        let origin = request
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok());
        let own = own_origin(&state, request.headers(), request.uri());
        let same =
            matches!((origin, own.as_deref()), (Some(o), Some(own)) if o.eq_ignore_ascii_case(own));
        if !same {
            tracing::info!(
                origin,
                own,
                path = request.uri().path(),
                "console: cross-origin change refused"
            );
            return ConsoleError::BadOrigin.into_response();
        }
    }
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_and_the_one_that_clears_it() {
        assert_eq!(
            cookie("abc", SESSION_HOURS * 3600, true),
            "baton_console=abc; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200; Secure"
        );
        assert_eq!(
            cookie("", 0, false),
            "baton_console=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"
        );
    }
}
