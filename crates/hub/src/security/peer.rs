//! The client's address: the TCP peer's, or, when the peer is a proxy the operator trusts
//! (`--trusted-proxy`), the address that proxy says it forwarded for.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;

use crate::state::AppState;

/// The client's address: what rate limits and stream caps key on. `X-Forwarded-For` counts
/// only when the TCP peer is a trusted proxy, since any client can write that header.
#[derive(Clone, Copy, Debug)]
pub struct Peer(pub IpAddr);

impl FromRequestParts<AppState> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Peer, Self::Rejection> {
        let tcp = match ConnectInfo::<SocketAddr>::from_request_parts(parts, state).await {
            Ok(ConnectInfo(addr)) => addr.ip(),
            // Only a router called without a listener (tests) lacks it.
            Err(_) => IpAddr::from([0, 0, 0, 0]),
        };
        Ok(Peer(
            state.options.trusted_proxies.client(tcp, &parts.headers),
        ))
    }
}

/// The proxies (addresses or networks) whose `X-Forwarded-For` the hub believes: the load
/// balancer or TLS proxy in front of it. Empty by default: the TCP peer is the client.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Reads addresses and networks separated by commas or spaces
    /// (`127.0.0.1, 10.0.0.0/8, ::1`).
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        list.split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("not an IP address or network: {s:?}"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client behind `peer`: `peer` itself unless it is trusted; otherwise the nearest
    /// address in `X-Forwarded-For` (read from the right, past trusted proxies) that is not
    /// a trusted proxy. A header that does not parse is not believed.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let mut hops = Vec::new();
        for value in headers.get_all("x-forwarded-for") {
            let Ok(value) = value.to_str() else {
                return peer;
            };
            for hop in value.split(',') {
                match hop.trim().parse::<IpAddr>() {
                    Ok(ip) => hops.push(ip),
                    Err(_) => return peer,
                }
            }
        }
        let mut client = peer;
        for hop in hops.into_iter().rev() {
            client = hop;
            if !self.trusts(hop) {
                break;
            }
        }
        client
    }
}

#[cfg(test)]
mod tests {
    use super::TrustedProxies;
    use axum::http::HeaderMap;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_a_trusted_proxy_is_believed() {
        let none = TrustedProxies::default();
        let spoofed = forwarded(&["203.0.113.9"]);
        assert_eq!(
            none.client(ip("198.51.100.7"), &spoofed),
            ip("198.51.100.7")
        );

        let lb = TrustedProxies::parse("10.0.0.0/8, 127.0.0.1").unwrap();
        // A visitor straight to the hub cannot pretend to be someone else.
        assert_eq!(lb.client(ip("198.51.100.7"), &spoofed), ip("198.51.100.7"));
        // Through the proxy: the address it appended.
        assert_eq!(lb.client(ip("10.0.0.2"), &spoofed), ip("203.0.113.9"));
        // The client wrote its own header; the proxy appended the real address after it.
        let chained = forwarded(&["1.2.3.4, 203.0.113.9"]);
        assert_eq!(lb.client(ip("10.0.0.2"), &chained), ip("203.0.113.9"));
        // Two trusted hops (TLS proxy, then load balancer), over two header lines.
        let two = forwarded(&["203.0.113.9", "10.0.0.5"]);
        assert_eq!(lb.client(ip("127.0.0.1"), &two), ip("203.0.113.9"));
        // No header, or one that does not parse: the proxy itself.
        assert_eq!(lb.client(ip("10.0.0.2"), &HeaderMap::new()), ip("10.0.0.2"));
        assert_eq!(
            lb.client(ip("10.0.0.2"), &forwarded(&["unknown"])),
            ip("10.0.0.2")
        );
        // IPv6.
        let v6 = TrustedProxies::parse("::1").unwrap();
        assert_eq!(
            v6.client(ip("::1"), &forwarded(&["2001:db8::7"])),
            ip("2001:db8::7")
        );
    }

    #[test]
    fn bad_entries_are_refused_by_name() {
        let e = TrustedProxies::parse("10.0.0.0/8, proxy.internal").unwrap_err();
        assert!(e.contains("proxy.internal"), "{e}");
        assert!(TrustedProxies::parse("").unwrap() == TrustedProxies::default());
    }
}
