//! `AppError`: every failure a handler can answer, each with its HTTP status and a stable
//! code. Clients get `{"error": {"code", "message"}}`; details go to the log only.

use axum::extract::rejection::JsonRejection;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use protocol::hub::{ErrorBody, ErrorDetail, FieldProblem};

use crate::leads::FieldError;

/// An error answered to the client.
#[derive(Debug)]
pub enum AppError {
    /// 404 `not_found`: unknown conversation, wrong token (the two look the same), unknown
    /// path.
    NotFound,
    /// 404 `unknown_site`.
    UnknownSite,
    /// 403 `origin_not_allowed`: the site does not allow this origin.
    OriginNotAllowed,
    /// 422 with a specific code: a field is malformed.
    Invalid {
        /// Stable code.
        code: &'static str,
        /// Clear text.
        message: String,
    },
    /// 422 `invalid_lead` with every field's problem.
    InvalidLead(Vec<FieldError>),
    /// 413 `body_too_large`.
    BodyTooLarge,
    /// 400 `invalid_json` / 415 `unsupported_media_type`.
    BadRequest {
        /// Status (400 or 415).
        status: StatusCode,
        /// Stable code.
        code: &'static str,
        /// Clear text.
        message: String,
    },
    /// 429 `rate_limited`, with `Retry-After` in seconds.
    RateLimited {
        /// Seconds until a retry can succeed.
        retry_after: u64,
    },
    /// 503 `busy`, with `Retry-After` in seconds: the hub is at a bound it keeps so that one
    /// client cannot exhaust it (password checks, open streams).
    Busy {
        /// Seconds until a retry can succeed.
        retry_after: u64,
    },
    /// 500 `internal`: the details were logged.
    Internal(String),
}

impl AppError {
    /// A 422 with `code`.
    pub fn invalid(code: &'static str, message: impl Into<String>) -> AppError {
        AppError::Invalid {
            code,
            message: message.into(),
        }
    }

    /// The status and the code.
    pub fn status_code(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            AppError::UnknownSite => (StatusCode::NOT_FOUND, "unknown_site"),
            AppError::OriginNotAllowed => (StatusCode::FORBIDDEN, "origin_not_allowed"),
            AppError::Invalid { code, .. } => (StatusCode::UNPROCESSABLE_ENTITY, code),
            AppError::InvalidLead(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_lead"),
            AppError::BodyTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large"),
            AppError::BadRequest { status, code, .. } => (*status, code),
            AppError::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            AppError::Busy { .. } => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
            AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    fn message(&self) -> String {
        match self {
            AppError::NotFound => "No such conversation or resource.".into(),
            AppError::UnknownSite => "No such site.".into(),
            AppError::OriginNotAllowed => {
                "This site does not allow requests from this origin.".into()
            }
            AppError::Invalid { message, .. } | AppError::BadRequest { message, .. } => {
                message.clone()
            }
            AppError::InvalidLead(fields) => {
                format!("{} field(s) need attention.", fields.len())
            }
            AppError::BodyTooLarge => format!(
                "The request body is larger than {} KB.",
                crate::security::MAX_BODY / 1024
            ),
            AppError::RateLimited { retry_after } => {
                format!("Too many requests; try again in {retry_after} s.")
            }
            AppError::Busy { retry_after } => {
                format!("The hub is busy; try again in {retry_after} s.")
            }
            AppError::Internal(_) => {
                "Something went wrong on our side; nothing you sent was lost. Try again.".into()
            }
        }
    }
}

/// The JSON body for an error with `status`, `code` and `message`.
pub fn error_response(
    status: StatusCode,
    code: &str,
    message: String,
    fields: Vec<FieldProblem>,
) -> Response {
    let body = ErrorBody {
        error: ErrorDetail {
            code: code.to_string(),
            message,
            fields,
        },
    };
    (status, Json(body)).into_response()
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_code();
        if let AppError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let fields = match &self {
            AppError::InvalidLead(fields) => fields
                .iter()
                .map(|f| FieldProblem {
                    field: f.field.to_string(),
                    code: f.code.to_string(),
                    message: f.message.clone(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let mut response = error_response(status, code, self.message(), fields);
        if let AppError::RateLimited { retry_after } | AppError::Busy { retry_after } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}

impl From<crate::db::DbError> for AppError {
    fn from(e: crate::db::DbError) -> AppError {
        // The storage layer's way of saying the conversation vanished under it.
        if e.is_not_found() {
            AppError::NotFound
        } else {
            AppError::Internal(e.to_string())
        }
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> AppError {
        AppError::Internal(format!("json: {e}"))
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> AppError {
        match rejection {
            JsonRejection::JsonDataError(e) => AppError::invalid("invalid_body", e.body_text()),
            JsonRejection::JsonSyntaxError(e) => AppError::BadRequest {
                status: StatusCode::BAD_REQUEST,
                code: "invalid_json",
                message: e.body_text(),
            },
            JsonRejection::MissingJsonContentType(_) => AppError::BadRequest {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: "unsupported_media_type",
                message: "Send JSON with Content-Type: application/json.".into(),
            },
            JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                AppError::BodyTooLarge
            }
            other => AppError::BadRequest {
                status: other.status(),
                code: "invalid_body",
                message: other.body_text(),
            },
        }
    }
}
