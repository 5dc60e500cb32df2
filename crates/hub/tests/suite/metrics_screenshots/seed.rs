//! Thirty days of a plausible demo shop, drawn the same on every run: conversations,
//! handoffs with replies and resolutions, ratings and leads, written straight to the database.

use chrono::{DateTime, Duration as Span, Utc};
use hub::db::timestamp;

/// A small deterministic generator, so every run draws the same shop.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const EVERYDAY: &[&str] = &[
    "How long does delivery take to Manchester?",
    "What time does the Keswick store open on Saturday?",
    "Do you ship to Ireland?",
    "How do I return boots that don't fit?",
    "Is the Helvellyn jacket waterproof or just showerproof?",
    "What size sleeping bag for a 6ft person?",
];

/// (trigger, team, the visitor's words).
const HANDOFFS: &[(&str, &str, &str)] = &[
    (
        "human_request",
        "support",
        "Can I talk to a real person please?",
    ),
    (
        "human_request",
        "support",
        "I'd like to speak to someone about my order 4471",
    ),
    (
        "frustration",
        "support",
        "This is ridiculous, I've been waiting for days for my tent!!!",
    ),
    (
        "high_risk",
        "billing",
        "I want a refund for order 5203, the stove arrived broken",
    ),
    (
        "high_risk",
        "sales",
        "We need 40 jackets for our club, can you do a bulk price?",
    ),
    (
        "repeated_failure",
        "support",
        "no that's not what I asked, can the boots be resoled?",
    ),
    (
        "out_of_scope",
        "support",
        "Can you plan a winter route up Scafell Pike for me?",
    ),
];

const MISSED: &[&str] = &[
    "is there a human I can talk to? your bot keeps sending me the FAQ",
    "I've asked three times now, can I talk to a real person?",
];

struct Seeder<'a> {
    db: &'a sqlx::AnyPool,
    n: usize,
}

impl Seeder<'_> {
    async fn conversation(&mut self, at: DateTime<Utc>) -> String {
        self.n += 1;
        let id = format!("demo-{:04}", self.n);
        sqlx::query("INSERT INTO conversations (id, site, token_hash, state, created_at, updated_at) VALUES ($1, 'demo', $2, 'bot', $3, $4)")
            .bind(&id)
            .bind(format!("seed-{id}"))
            .bind(timestamp(at))
            .bind(timestamp(at))
            .execute(self.db)
            .await
            .expect("conversation");
        self.message(
            &id,
            "bot",
            "intro",
            "You're chatting with Ava, Northwind Outdoor's AI assistant.",
            None,
            at,
        )
        .await;
        id
    }

    async fn message(
        &self,
        id: &str,
        author: &str,
        kind: &str,
        body: &str,
        confidence: Option<f64>,
        at: DateTime<Utc>,
    ) {
        let seq: i64 = sqlx::query_scalar("SELECT next_seq FROM conversations WHERE id = $1")
            .bind(id)
            .fetch_one(self.db)
            .await
            .expect("seq");
        sqlx::query(
            "INSERT INTO messages (conversation_id, seq, author, kind, agent_id, body, confidence, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(seq)
        .bind(author)
        .bind(kind)
        .bind((author == "agent").then_some("seed-agent"))
        .bind(body)
        .bind(confidence)
        .bind(timestamp(at))
        // An optional f64: not a cached statement (see metrics_support::insert).
        .persistent(false)
        .execute(self.db)
        .await
        .expect("message");
        sqlx::query("UPDATE conversations SET next_seq = $1 WHERE id = $2")
            .bind(seq + 1)
            .bind(id)
            .execute(self.db)
            .await
            .expect("next");
    }
}

/// Thirty days of the demo shop, ending now.
pub(super) async fn seed(db: &sqlx::AnyPool, now: DateTime<Utc>) {
    sqlx::query("INSERT INTO agents (id, email, name, password_hash, created_at) VALUES ('seed-agent', 'sam@northwind.test', 'Sam', 'x', $1)")
        .bind(timestamp(now - Span::days(60)))
        .execute(db)
        .await
        .expect("agent");
    let mut dice = Dice(7);
    let mut s = Seeder { db, n: 0 };
    let emails: Vec<String> = (0..45)
        .map(|i| format!("customer{i}@example.com"))
        .collect();
    let mut lead_no = 0;
    for day in (0..30i64).rev() {
        let start = (now - Span::days(day))
            .date_naive()
            .and_hms_opt(8, 0, 0)
            .expect("time")
            .and_utc();
        // The team got quicker over the month: waits shrink as `progress` grows.
        let progress = (29 - day) as f64 / 29.0;
        let count = 4 + dice.below(6);
        for _ in 0..count {
            let at = start + Span::minutes(dice.below(11 * 60) as i64);
            if at > now - Span::minutes(5) {
                continue;
            }
            let id = s.conversation(at).await;
            let roll = dice.below(100);
            // Fewer handoffs later in the month, as the FAQ grew.
            let handoff_share = 46 - (14.0 * progress) as u64;
            if roll < 3 {
                let text = dice.pick(MISSED);
                s.message(&id, "visitor", "chat", text, None, at + Span::seconds(20))
                    .await;
                s.message(
                    &id,
                    "bot",
                    "chat",
                    "Here are our delivery times: UK orders arrive in 2 to 3 working days.",
                    Some(0.62),
                    at + Span::seconds(21),
                )
                .await;
                continue;
            }
            if roll >= handoff_share {
                let text = dice.pick(EVERYDAY);
                s.message(&id, "visitor", "chat", text, None, at + Span::seconds(15))
                    .await;
                s.message(
                    &id,
                    "bot",
                    "chat",
                    "Happy to help: here is what our guide says.",
                    Some(0.9),
                    at + Span::seconds(16),
                )
                .await;
                if dice.chance(35) {
                    let score = [5, 5, 4, 4, 4, 3, 2, 5, 4, 1][dice.below(10) as usize];
                    rate(db, &id, score).await;
                }
                continue;
            }
            let (trigger, team, text) = HANDOFFS[dice.below(HANDOFFS.len() as u64) as usize];
            s.message(&id, "visitor", "chat", text, None, at + Span::seconds(12))
                .await;
            let handed = at + Span::seconds(14);
            let answered = !dice.chance(9);
            let after_hours = dice.chance(12);
            let wait = if after_hours {
                3600 + dice.below(4 * 3600) as i64
            } else {
                let base = 40.0 + (1.0 - progress) * 260.0;
                (base + dice.below((base * 2.0) as u64 + 1) as f64) as i64
            };
            let reply = answered.then(|| handed + Span::seconds(wait));
            let resolved = reply
                .filter(|_| dice.chance(82))
                .map(|r| r + Span::minutes(4 + dice.below(35) as i64));
            let closed = resolved.or_else(|| reply.map(|r| r + Span::minutes(20)));
            sqlx::query(
                "INSERT INTO handoffs (id, conversation_id, team, status, package, widget_trigger, hub_verdict, hub_trigger, urgency, \
                 available, created_at, closed_at, resolved_at) VALUES ($1, $2, $3, $4, '{}', $5, '{}', $6, 1, 1, $7, $8, $9)",
            )
            .bind(format!("h-{id}"))
            .bind(&id)
            .bind(team)
            .bind(if closed.is_some() { "closed" } else { "open" })
            .bind(trigger)
            .bind(trigger)
            .bind(timestamp(handed))
            .bind(closed.map(timestamp))
            .bind(resolved.map(timestamp))
            .execute(db)
            .await
            .expect("handoff");
            if let Some(r) = reply {
                s.message(
                    &id,
                    "system",
                    "notice",
                    "Sam joined the conversation.",
                    None,
                    r - Span::seconds(5),
                )
                .await;
                s.message(
                    &id,
                    "agent",
                    "chat",
                    "Hi, Sam here — I've read the conversation, let me sort this out.",
                    None,
                    r,
                )
                .await;
                if let Some(done) = resolved {
                    s.message(
                        &id,
                        "system",
                        "notice",
                        "Sam marked this conversation as resolved. Write again any time.",
                        None,
                        done,
                    )
                    .await;
                }
            }
            if dice.chance(40) {
                let score = if !answered || wait > 3600 {
                    [1, 2, 2, 3][dice.below(4) as usize]
                } else {
                    [5, 5, 4, 5, 4, 3][dice.below(6) as usize]
                };
                rate(db, &id, score).await;
            }
            if !answered || dice.chance(30) {
                lead_no += 1;
                let email = &emails[dice.below(emails.len() as u64) as usize];
                let outcome = match dice.below(10) {
                    0..=2 => Some("won"),
                    3..=4 => Some("lost"),
                    _ => None,
                };
                sqlx::query(
                    "INSERT INTO leads (id, conversation_id, site, reference, name, email, question, consent, created_at, outcome) \
                     VALUES ($1, $2, 'demo', $3, 'Visitor', $4, $5, 1, $6, $7)",
                )
                .bind(format!("lead-{lead_no}"))
                .bind(&id)
                .bind(format!("BTN-SEED{:02}", lead_no % 100))
                .bind(email)
                .bind(text)
                .bind(timestamp(handed + Span::seconds(30)))
                .bind(outcome)
                .execute(db)
                .await
                .expect("lead");
            }
        }
    }
}

async fn rate(db: &sqlx::AnyPool, id: &str, score: u8) {
    let now = timestamp(Utc::now());
    sqlx::query(
        "INSERT INTO ratings (conversation_id, score, created_at, updated_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(i64::from(score))
    .bind(&now)
    .bind(&now)
    .execute(db)
    .await
    .expect("rating");
}
