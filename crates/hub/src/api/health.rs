//! `GET /health`: whether this hub can serve, for a load balancer's health check.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use protocol::hub::Health;

use crate::state::AppState;

/// 200 `{"status": "ok", …}`, or 503 when the database does not answer or (on Postgres) this
/// hub is not hearing the other hubs, so a load balancer sends visitors elsewhere meanwhile.
pub async fn health_show(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let health = crate::bus::health(&state).await;
    let code = if health.status == "ok" {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, Json(health))
}
