//! `ConsoleError`: the console's own failures (not signed in, foreign origin, a lost race)
//! on top of everything `AppError` answers, with the same `{"error": {"code", "message"}}`
//! body and stable codes.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::{error_response, AppError};

/// An error answered to the console.
#[derive(Debug)]
pub enum ConsoleError {
    /// 401 `unauthorized`: no session, an expired one, or a wrong password.
    Unauthorized,
    /// 401 `invalid_credentials`: the email and password do not match an agent.
    InvalidCredentials,
    /// 403 `bad_origin`: a state-changing request not sent by the hub's own pages.
    BadOrigin,
    /// 409 with a specific code: the conversation is not in a state that allows this.
    Conflict {
        /// Stable code (`already_claimed`, `not_claimed`, `not_queued`).
        code: &'static str,
        /// Clear text.
        message: String,
    },
    /// Anything the visitor side answers the same way.
    App(AppError),
}

impl ConsoleError {
    /// A 409 with `code`.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> ConsoleError {
        ConsoleError::Conflict {
            code,
            message: message.into(),
        }
    }
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        match self {
            ConsoleError::Unauthorized => error_response(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Sign in to the console first.".into(),
                Vec::new(),
            ),
            ConsoleError::InvalidCredentials => error_response(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "That email and password do not match an agent.".into(),
                Vec::new(),
            ),
            ConsoleError::BadOrigin => error_response(
                StatusCode::FORBIDDEN,
                "bad_origin",
                "This request must come from the console's own page.".into(),
                Vec::new(),
            ),
            ConsoleError::Conflict { code, message } => {
                error_response(StatusCode::CONFLICT, code, message, Vec::new())
            }
            ConsoleError::App(e) => e.into_response(),
        }
    }
}

impl From<AppError> for ConsoleError {
    fn from(e: AppError) -> ConsoleError {
        ConsoleError::App(e)
    }
}

impl From<crate::db::DbError> for ConsoleError {
    fn from(e: crate::db::DbError) -> ConsoleError {
        ConsoleError::App(e.into())
    }
}

impl From<serde_json::Error> for ConsoleError {
    fn from(e: serde_json::Error) -> ConsoleError {
        ConsoleError::App(e.into())
    }
}
