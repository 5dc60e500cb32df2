//! The hub's HTTP API, as three groups of bodies: what the widget exchanges with the hub
//! ([`visitor`], its settings in [`widget_config`]), what the agent console does ([`console`])
//! and what it reads to judge the handoffs ([`metrics`]), and what a load balancer asks
//! ([`ops`]). Every type is re-exported here, so `protocol::hub::Message` names the same type
//! as `protocol::hub::visitor::Message`.

pub mod console;
pub mod metrics;
pub mod ops;
pub mod visitor;
pub mod widget_config;

pub use console::*;
pub use metrics::*;
pub use ops::*;
pub use visitor::*;
pub use widget_config::*;
