//! `POST /api/conversations/{id}/rating`: the visitor's one-tap rating, `{"score": 1..5}`
//! or `{"thumb": "up" | "down"}`. The widget asks once the conversation is resolved; a later
//! tap replaces an earlier one.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use protocol::hub::{RatingCreate, RatingCreated, Thumb};

use super::extract::{AppJson, Visitor};
use crate::error::AppError;
use crate::state::AppState;

/// The score a body stands for: 1..5 as given, a thumbs up 5, a thumbs down 1; `None` for
/// neither, both, or a score outside 1..5.
pub fn score_of(body: &RatingCreate) -> Option<u8> {
    match (body.score, body.thumb) {
        (Some(s), None) if (1..=5).contains(&s) => Some(s),
        (None, Some(Thumb::Up)) => Some(5),
        (None, Some(Thumb::Down)) => Some(1),
        _ => None,
    }
}

/// Stores the rating (201 with the stored score).
pub async fn ratings_create(
    State(state): State<AppState>,
    Visitor(conversation): Visitor,
    AppJson(body): AppJson<RatingCreate>,
) -> Result<(StatusCode, Json<RatingCreated>), AppError> {
    let id = conversation.id;
    let score = score_of(&body).ok_or_else(|| {
        AppError::invalid(
            "invalid_rating",
            "Send either a score from 1 to 5 or a thumb, up or down.",
        )
    })?;
    crate::db::metrics::rating_upsert(&state.db, &id, score).await?;
    tracing::info!(conversation = %id, score, "rated");
    Ok((StatusCode::CREATED, Json(RatingCreated { score })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_and_thumbs() {
        let s = |score, thumb| score_of(&RatingCreate { score, thumb });
        assert_eq!(s(Some(4), None), Some(4));
        assert_eq!(s(None, Some(Thumb::Up)), Some(5));
        assert_eq!(s(None, Some(Thumb::Down)), Some(1));
        assert_eq!(s(Some(0), None), None);
        assert_eq!(s(Some(6), None), None);
        assert_eq!(s(Some(5), Some(Thumb::Up)), None);
        assert_eq!(s(None, None), None);
    }
}
