//! The built files (the widget under `/widget/`, the console under `/console/`) are served
//! from disk; a path no build could hold is answered 404 before it reaches the file system,
//! which would otherwise fail it as an error (a segment longer than a file name may be is
//! "File name too long", a 500).

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// Longest path segment looked up, in bytes: a file name may hold 255, and the precompressed
/// copies add `.br` or `.gz`.
const MAX_SEGMENT: usize = 250;
/// Longest path worth looking up; the builds' own paths are far shorter.
const MAX_PATH: usize = 1024;

/// True when `path` (as requested, percent-encoded) could name one of the built files.
pub fn plausible(path: &str) -> bool {
    path.len() <= MAX_PATH
        && path.split('/').all(|segment| segment.len() <= MAX_SEGMENT)
        && !path.bytes().any(|b| b.is_ascii_control() || b == b'\\')
        && !path.contains("%00")
}

/// Middleware for the file services: 404 for an implausible path.
pub async fn only_plausible(request: Request, next: Next) -> Response {
    if plausible(request.uri().path()) {
        next.run(request).await
    } else {
        AppError::NotFound.into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_no_build_could_hold_are_refused() {
        assert!(plausible("/widget/baton-widget-1a2b_bg.wasm"));
        assert!(plausible("/console/"));
        assert!(
            !plausible(&format!("/widget/{}", "a".repeat(253))),
            "253 + \".br\" is longer than a file name"
        );
        assert!(!plausible(&format!("/widget/{}", "a/".repeat(600))));
        assert!(!plausible("/widget/a%00b"));
        assert!(!plausible("/widget/..\\secret"));
    }
}
