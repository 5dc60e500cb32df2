//! The agent console's side of the hub: sign-in with a session cookie, presence per team,
//! the live queue with each conversation's whole context, claim, reply in the visitor's
//! thread, hand back, resolve, lead search — and the built console app at `/console/`.
//!
//! ```text
//! POST /console/api/login | logout     GET /console/api/me | queue | events | leads?q=
//! PUT  /console/api/presence           GET /console/api/conversations/{id}
//! POST /console/api/conversations/{id}/claim | messages | typing | whatsapp-template | handback
//!                                         | resolve
//! POST /console/api/leads/{reference}/outcome
//! GET  /console/api/notifications/failed | notifications/{id}   POST …/notifications/{id}/retry
//! GET  /console/api/metrics | review | review/replay.jsonl | review/conversations/{id}
//! ```
//!
//! Every endpoint but login takes the [`auth::SignedIn`] extractor (401 without a valid
//! session); every state-changing request must come from the hub's own origin
//! ([`auth::api_guard`]). A conversation outside the agent's teams answers 404, like one
//! that does not exist. Wire types are in `protocol::hub`.

use std::sync::Arc;

use axum::routing::{get, post, put};
use axum::{middleware, Extension, Router};

use crate::state::AppState;

pub mod accounts;
mod assets;
pub mod auth;
pub mod conversations;
pub mod error;
pub mod greeting;
pub mod leads;
pub mod limit;
pub mod me;
pub mod notifications;
pub mod outcomes;
pub mod password;
pub mod queue;
pub mod view;

pub use assets::{inline_script_hashes, policy};
pub use greeting::{gather, suggested_greeting};

/// The console's routes, merged into the hub's router by [`crate::app`].
pub fn routes(state: &AppState) -> Router<AppState> {
    let limiter = Arc::new(limit::LoginLimiter::default());
    let c = "/console/api/conversations/{id}";
    let api = Router::new()
        .route("/console/api/login", post(auth::login))
        .route("/console/api/logout", post(auth::logout))
        .route("/console/api/me", get(me::me_show))
        .route("/console/api/presence", put(me::presence_update))
        .route("/console/api/queue", get(queue::queue_show))
        .route("/console/api/events", get(queue::events_stream))
        .route("/console/api/leads", get(leads::leads_search))
        .route(
            "/console/api/notifications/failed",
            get(notifications::notifications_failed),
        )
        .route(
            "/console/api/notifications/{id}",
            get(notifications::notifications_show),
        )
        .route(
            "/console/api/notifications/{id}/retry",
            post(notifications::notifications_retry),
        )
        .route(
            "/console/api/leads/{reference}/outcome",
            post(outcomes::leads_outcome),
        )
        .route(
            "/console/api/metrics",
            get(crate::metrics::console::metrics_report),
        )
        .route(
            "/console/api/review",
            get(crate::metrics::console::review_show),
        )
        .route(
            "/console/api/review/replay.jsonl",
            get(crate::metrics::console::review_replay),
        )
        .route(
            "/console/api/review/conversations/{id}",
            get(crate::metrics::console::review_conversation),
        )
        .route(c, get(conversations::conversations_show))
        .route(
            &format!("{c}/claim"),
            post(conversations::conversations_claim),
        )
        .route(
            &format!("{c}/messages"),
            post(conversations::messages_create),
        )
        .route(&format!("{c}/typing"), post(conversations::typing_create))
        .route(
            &format!("{c}/whatsapp-template"),
            post(conversations::whatsapp_template_create),
        )
        .route(
            &format!("{c}/handback"),
            post(conversations::conversations_handback),
        )
        .route(
            &format!("{c}/resolve"),
            post(conversations::conversations_resolve),
        )
        .layer(Extension(limiter))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::api_guard,
        ));
    api.merge(assets::router(state.options.console_dir.clone()))
}
