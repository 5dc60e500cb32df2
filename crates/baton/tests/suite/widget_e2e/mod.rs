//! The visitor's path end to end: the real `baton serve` (a temporary copy of the demo
//! configuration, open around the clock so the tests do not depend on the time of day), a
//! host page on another origin with the owner's one script tag, and headless Chromium driven
//! through chromedriver. The agent's side goes through the console's HTTP API (an agent made
//! with `baton agent add`, signed in with a session cookie). Elements are found by
//! `data-testid`.
//!
//! Scenarios: a visitor asks for a person (the bridge is on screen before the handoff request
//! even starts), an agent claims and replies; a question about refunds answered from the
//! FAQ without a handoff, then a refund asked for and handed to Billing; an angry visitor; the bot unsure twice; nobody
//! online, a lead, WhatsApp with the summary and reference; a reload; markup typed by the
//! visitor and by the agent shown as text.
//!
//! Needs the release widget in `dist/` (`scripts/build-widget`), `chromium` and
//! `chromedriver` (`scripts/setup`). The tests take turns: one browser at a time.

mod agent;
mod assistant;
mod away;
mod page;
