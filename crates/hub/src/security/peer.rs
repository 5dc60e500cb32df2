//! The client's address as the TCP connection gives it, never a header.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

/// The TCP peer's address: what rate limits key on. Never `X-Forwarded-For`, which any
/// client can write.
#[derive(Clone, Copy, Debug)]
pub struct Peer(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Peer, Self::Rejection> {
        let ip = match ConnectInfo::<SocketAddr>::from_request_parts(parts, state).await {
            Ok(ConnectInfo(addr)) => addr.ip(),
            // Only a router called without a listener (tests) lacks it.
            Err(_) => IpAddr::from([0, 0, 0, 0]),
        };
        Ok(Peer(ip))
    }
}
