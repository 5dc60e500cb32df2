//! The metrics fixture: one week (Mon 2 – Sun 8 March 2026) of site `shop`, small enough to
//! check every number by hand. `rows()` gives it as the plain rows `compute` reads;
//! `insert()` stores the same story through the real database (messages, handoffs,
//! ratings, leads), with noise the queries must ignore.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use hub::metrics::compute::{ConversationRow, HandoffRow, LeadRow, Period, RatingRow, Rows};

pub const SITE: &str = "shop";

pub fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("fixture time")
}

pub fn period() -> Period {
    Period {
        from: t("2026-03-02T00:00:00Z"),
        to: t("2026-03-09T00:00:00Z"),
        tz: chrono_tz::Tz::UTC,
    }
}

/// (id, started, visitor chat messages). c0 wrote nothing; c11 and c13 are before the
/// period (repeat-contact history); c12 is after it.
pub const CONVERSATIONS: &[(&str, &str, i64)] = &[
    ("c0", "2026-03-02T08:00:00Z", 0),
    ("c1", "2026-03-02T09:55:00Z", 2),
    ("c2", "2026-03-03T09:50:00Z", 3),
    ("c3", "2026-03-04T08:58:00Z", 1),
    ("c4", "2026-03-05T19:59:00Z", 1),
    ("c5", "2026-03-06T10:00:00Z", 2),
    ("c6", "2026-03-07T10:00:00Z", 1),
    ("c7", "2026-03-07T15:00:00Z", 1),
    ("c8", "2026-03-08T10:00:00Z", 1),
    ("c9", "2026-03-08T11:00:00Z", 1),
    ("c10", "2026-03-08T12:00:00Z", 1),
    ("c11", "2026-02-20T10:00:00Z", 1),
    ("c12", "2026-03-09T00:00:00Z", 1),
    ("c13", "2026-02-01T10:00:00Z", 1),
];

pub type Handoff = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);
pub type Lead = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

/// (conversation, trigger, handed off, first agent reply, resolved, closed).
pub const HANDOFFS: &[Handoff] = &[
    // 60 s to a human, resolved after 600 s.
    (
        "c1",
        "human_request",
        "2026-03-02T10:00:00Z",
        Some("2026-03-02T10:01:00Z"),
        Some("2026-03-02T10:10:00Z"),
        Some("2026-03-02T10:10:00Z"),
    ),
    // 300 s, then handed back to the bot (closed, not resolved)…
    (
        "c2",
        "frustration",
        "2026-03-03T10:00:00Z",
        Some("2026-03-03T10:05:00Z"),
        None,
        Some("2026-03-03T10:30:00Z"),
    ),
    // …and handed off again: 120 s, resolved after 1,800 s.
    (
        "c2",
        "human_request",
        "2026-03-03T11:00:00Z",
        Some("2026-03-03T11:02:00Z"),
        Some("2026-03-03T11:30:00Z"),
        Some("2026-03-03T11:30:00Z"),
    ),
    // 900 s, resolved after 3,600 s.
    (
        "c3",
        "human_request",
        "2026-03-04T09:00:00Z",
        Some("2026-03-04T09:15:00Z"),
        Some("2026-03-04T10:00:00Z"),
        Some("2026-03-04T10:00:00Z"),
    ),
    // Nobody ever answered; still open.
    ("c4", "high_risk", "2026-03-05T20:00:00Z", None, None, None),
    // After the period: not counted.
    (
        "c12",
        "human_request",
        "2026-03-09T00:05:00Z",
        None,
        None,
        None,
    ),
];

/// (conversation, score). c0 is outside the cohort (no visitor message).
pub const RATINGS: &[(&str, u8)] = &[
    ("c5", 5),
    ("c6", 4),
    ("c7", 2),
    ("c1", 5),
    ("c2", 1),
    ("c3", 2),
    ("c0", 1),
];

/// (conversation, left at, email, phone, outcome).
pub const LEADS: &[Lead] = &[
    (
        "c13",
        "2026-02-01T10:05:00Z",
        Some("old@example.com"),
        None,
        None,
    ),
    (
        "c11",
        "2026-02-20T10:05:00Z",
        Some("maria@example.com"),
        None,
        None,
    ),
    (
        "c5",
        "2026-03-06T10:05:00Z",
        Some(" Maria@Example.com"),
        None,
        Some("won"),
    ),
    (
        "c6",
        "2026-03-07T10:05:00Z",
        None,
        Some("+447700900123"),
        Some("lost"),
    ),
    (
        "c8",
        "2026-03-08T10:05:00Z",
        None,
        Some("+447700900123"),
        Some("won"),
    ),
    (
        "c9",
        "2026-03-08T11:05:00Z",
        Some("sam@example.com"),
        None,
        None,
    ),
    (
        "c10",
        "2026-03-08T12:05:00Z",
        Some("old@example.com"),
        None,
        Some("won"),
    ),
];

fn started(id: &str) -> DateTime<Utc> {
    t(CONVERSATIONS
        .iter()
        .find(|c| c.0 == id)
        .expect("known conversation")
        .1)
}

/// The fixture as rows, written by hand from the tables above.
pub fn rows() -> Rows {
    Rows {
        conversations: CONVERSATIONS
            .iter()
            .map(|&(id, at, n)| ConversationRow {
                id: id.into(),
                created_at: t(at),
                visitor_messages: n,
                channel: Default::default(),
                on_whatsapp: false,
            })
            .collect(),
        handoffs: HANDOFFS
            .iter()
            .map(|&(c, trigger, at, reply, resolved, _)| HandoffRow {
                conversation_id: c.into(),
                trigger: trigger.into(),
                created_at: t(at),
                first_reply_at: reply.map(t),
                resolved_at: resolved.map(t),
            })
            .collect(),
        ratings: RATINGS
            .iter()
            .map(|&(c, score)| RatingRow {
                conversation_id: c.into(),
                score,
            })
            .collect(),
        leads: LEADS
            .iter()
            .map(|&(c, at, email, phone, outcome)| LeadRow {
                conversation_id: c.into(),
                conversation_created_at: started(c),
                created_at: t(at),
                email: email.map(String::from),
                phone: phone.map(String::from),
                outcome: outcome.map(String::from),
            })
            .collect(),
    }
}

/// The reference of the `i`-th lead of [`LEADS`] (`BTN-MEADX2`…), in the real alphabet.
pub fn reference(i: usize) -> String {
    format!("BTN-MEADX{}", i + 2)
}

fn ts(s: &str) -> String {
    hub::db::timestamp(t(s))
}

fn plus(s: &str, seconds: i64) -> String {
    hub::db::timestamp(t(s) + chrono::Duration::seconds(seconds))
}

/// Stores the fixture: conversations with their messages (visitor turns, bot answers,
/// notices, agent replies), handoffs, ratings and leads; and another site's conversation
/// in the same week, which must not count.
pub async fn insert(pool: &sqlx::AnyPool) {
    sqlx::query("INSERT INTO agents (id, email, name, password_hash, created_at) VALUES ('a1', 'sam@shop.test', 'Sam', 'x', $1)")
        .bind(ts("2026-01-01T00:00:00Z"))
        .execute(pool)
        .await
        .expect("agent");
    let mut all: Vec<(&str, &str, &str, i64)> = CONVERSATIONS
        .iter()
        .map(|&(id, at, n)| (SITE, id, at, n))
        .collect();
    all.push(("locked", "other1", "2026-03-04T10:00:00Z", 3));
    for (site, id, at, visitor) in all {
        sqlx::query("INSERT INTO conversations (id, site, token_hash, state, created_at, updated_at) VALUES ($1, $2, $3, 'bot', $4, $5)")
            .bind(id)
            .bind(site)
            .bind(format!("hash-{id}"))
            .bind(ts(at))
            .bind(ts(at))
            .execute(pool)
            .await
            .expect("conversation");
        let mut seq = 0;
        let mut put = |author: &'static str, kind: &'static str, at: String, body: String| {
            seq += 1;
            (seq, author, kind, at, body)
        };
        let mut messages = vec![put(
            "bot",
            "intro",
            ts(at),
            "You're chatting with an AI assistant.".into(),
        )];
        for i in 0..visitor {
            messages.push(put(
                "visitor",
                "chat",
                plus(at, 10 * i + 1),
                format!("question {i}"),
            ));
            messages.push(put("bot", "chat", plus(at, 10 * i + 2), "an answer".into()));
        }
        for h in HANDOFFS.iter().filter(|h| h.0 == id) {
            // A notice at the handoff and an agent's join are not replies.
            messages.push(put(
                "system",
                "notice",
                ts(h.2),
                "Sam joined the conversation.".into(),
            ));
            if let Some(reply) = h.3 {
                messages.push(put("agent", "chat", ts(reply), "Hi, Sam here.".into()));
                messages.push(put(
                    "agent",
                    "chat",
                    plus(reply, 30),
                    "Let me check.".into(),
                ));
            }
        }
        messages.sort_by(|a, b| a.3.cmp(&b.3));
        for (i, (_, author, kind, at, body)) in messages.into_iter().enumerate() {
            sqlx::query(
                "INSERT INTO messages (conversation_id, seq, author, kind, agent_id, body, confidence, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(i as i64 + 1)
            .bind(author)
            .bind(kind)
            .bind((author == "agent").then_some("a1"))
            .bind(body)
            // A sure answer, so the bot's turns trigger nothing by themselves.
            .bind((author == "bot" && kind == "chat").then_some(0.9))
            .bind(at)
            // As in the hub: an optional f64 must not reuse a statement prepared on a NULL
            // (sqlx's Any driver sends that NULL to Postgres as float4).
            .persistent(false)
            .execute(pool)
            .await
            .expect("message");
        }
    }
    for (i, &(c, trigger, at, _, resolved, closed)) in HANDOFFS.iter().enumerate() {
        sqlx::query(
            "INSERT INTO handoffs (id, conversation_id, team, status, package, widget_trigger, hub_verdict, urgency, available, \
             created_at, closed_at, resolved_at) VALUES ($1, $2, 'support', $3, '{}', $4, '{}', 0, 1, $5, $6, $7)",
        )
        .bind(format!("h{i}"))
        .bind(c)
        .bind(if closed.is_some() { "closed" } else { "open" })
        .bind(trigger)
        .bind(ts(at))
        .bind(closed.map(ts))
        .bind(resolved.map(ts))
        .execute(pool)
        .await
        .expect("handoff");
    }
    for &(c, score) in RATINGS {
        let now = hub::db::timestamp(chrono::Utc::now());
        sqlx::query("INSERT INTO ratings (conversation_id, score, created_at, updated_at) VALUES ($1, $2, $3, $4)")
            .bind(c)
            .bind(i64::from(score))
            .bind(&now)
            .bind(&now)
            .execute(pool)
            .await
            .expect("rating");
    }
    for (i, &(c, at, email, phone, outcome)) in LEADS.iter().enumerate() {
        sqlx::query(
            "INSERT INTO leads (id, conversation_id, site, reference, name, email, phone, question, consent, created_at, outcome) \
             VALUES ($1, $2, $3, $4, 'Visitor', $5, $6, '', 1, $7, $8)",
        )
        .bind(format!("l{i}"))
        .bind(c)
        .bind(SITE)
        .bind(reference(i))
        .bind(email)
        .bind(phone)
        .bind(ts(at))
        .bind(outcome)
        .execute(pool)
        .await
        .expect("lead");
    }
}
