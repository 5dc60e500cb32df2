//! How well the handoff works, in numbers: handoff rate overall and per trigger, time to a
//! human, resolution time, repeat contacts, CSAT with and without a person, lead conversion,
//! and escalations nobody answered — for the console's dashboard, its weekly review, and
//! Prometheus at `/metrics`.
//!
//! `compute` is the arithmetic over plain rows (definitions in its header), `queries` reads
//! those rows, `review` picks the conversations worth reading, `prometheus` renders the text
//! format, and `console` holds the console's endpoints.

pub mod compute;
pub mod console;
pub mod prometheus;
pub mod review;
