//! The router: every route, and the layers every request passes through.

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{middleware, Router};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

use crate::api::{
    availability, conversations, handoffs, health, leads, messages, pages, stream, widget_config,
};
use crate::error::AppError;
use crate::security::{self, MAX_BODY};
use crate::state::AppState;

/// The hub's whole HTTP surface. Tests call it with `tower::ServiceExt::oneshot`.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route(
            "/api/sites/{site}/conversations",
            post(conversations::conversations_create),
        )
        .route(
            "/api/sites/{site}/availability",
            get(availability::availability_show),
        )
        .route(
            "/api/sites/{site}/availability/stream",
            get(availability::availability_stream),
        )
        .route(
            "/api/sites/{site}/widget-config",
            get(widget_config::widget_config_show),
        )
        .route(
            "/api/conversations/{id}/messages",
            post(messages::messages_create).get(messages::messages_list),
        )
        .route(
            "/api/conversations/{id}/stream",
            get(stream::conversation_stream),
        )
        .route(
            "/api/conversations/{id}/handoff",
            post(handoffs::handoffs_create),
        )
        .route("/api/conversations/{id}/leads", post(leads::leads_create))
        .route(
            "/api/conversations/{id}/rating",
            post(crate::api::ratings::ratings_create),
        )
        .route("/metrics", get(crate::metrics::prometheus::metrics_show))
        .route("/health", get(health::health_show))
        .route(
            "/webhooks/whatsapp",
            get(crate::api::whatsapp::webhook_verify).post(crate::api::whatsapp::webhook_receive),
        )
        .route("/baton.js", get(crate::api::loader::loader_js))
        .route("/embed-check.js", get(crate::api::loader::embed_check));

    let mut router = api
        .route("/", get(pages::demo_page))
        // The agent console: its API and its built app under /console/.
        .merge(crate::console::routes(&state));
    if let Some(dir) = state.options.widget_dir.clone() {
        let widget = Router::new()
            .nest_service(
                "/widget",
                ServeDir::new(dir)
                    .append_index_html_on_directories(true)
                    .precompressed_br()
                    .precompressed_gzip(),
            )
            .layer(middleware::from_fn_with_state(
                state.clone(),
                pages::frame_ancestors,
            ))
            .layer(middleware::from_fn(crate::static_paths::only_plausible));
        router = router.merge(widget);
    }
    router
        .fallback(|| async { AppError::NotFound })
        // Inner to outer: CORS decides before any handler runs; errors from the layers get
        // JSON bodies; every response gets the security headers.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::cors,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(middleware::from_fn(security::json_errors))
        .layer(middleware::from_fn(security::headers))
        // Brotli or gzip as the client accepts, outside the layers that read bodies. The
        // default predicate leaves event streams alone (they must flush event by event);
        // level 5 keeps compressing the widget's wasm on the fly well under a second.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(5)))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
