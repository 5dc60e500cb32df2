//! Extractors the handlers share: a JSON body whose rejection answers with the hub's error
//! body ([`AppJson`]), and the conversation a request's visitor token opens ([`Visitor`]).

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::Json;
use serde::de::DeserializeOwned;

use crate::db::Conversation;
use crate::error::AppError;
use crate::security::{bearer, token_hash};
use crate::state::AppState;

/// A JSON body; malformed JSON, wrong types, a missing content type or an over-long body
/// answer with `AppError`'s stable codes.
pub struct AppJson<T>(pub T);

impl<S, T> FromRequest<S> for AppJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<AppJson<T>, AppError> {
        let Json(value) = Json::<T>::from_request(req, state).await?;
        Ok(AppJson(value))
    }
}

/// The conversation `{id}` in the path, when the request carries its visitor token;
/// otherwise 404, the same answer as for an id that does not exist.
pub struct Visitor(pub Conversation);

impl FromRequestParts<AppState> for Visitor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Visitor, AppError> {
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let token = bearer(&parts.headers).ok_or(AppError::NotFound)?;
        if id.len() > 64 {
            return Err(AppError::NotFound);
        }
        state
            .db
            .conversation_for_visitor(&id, &token_hash(token))
            .await?
            .map(Visitor)
            .ok_or(AppError::NotFound)
    }
}
