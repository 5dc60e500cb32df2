-- The hub's schema. Kept to SQL that SQLite and Postgres both accept: TEXT ids the hub
-- generates (no AUTOINCREMENT/SERIAL), timestamps as UTC RFC 3339 text with a fixed width
-- (so text order is time order), booleans as 0/1 integers, JSON as text.

-- Agents log in to the console; `baton agent add` creates them.
CREATE TABLE agents (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    -- argon2 PHC string; the password itself is never stored.
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

-- Console sessions: the cookie holds the token, the database only its SHA-256.
CREATE TABLE agent_sessions (
    token_hash TEXT PRIMARY KEY,
    agent_id   TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX agent_sessions_agent ON agent_sessions (agent_id);

-- Which teams of which sites an agent may serve.
CREATE TABLE agent_teams (
    agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    site     TEXT NOT NULL,
    team     TEXT NOT NULL,
    PRIMARY KEY (agent_id, site, team)
);

-- The console's presence switch per team; availability counts the online rows.
CREATE TABLE presence (
    agent_id   TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    site       TEXT NOT NULL,
    team       TEXT NOT NULL,
    online     INTEGER NOT NULL CHECK (online IN (0, 1)),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (agent_id, site, team)
);
CREATE INDEX presence_site_team ON presence (site, team, online);

-- One visitor's conversation with one site.
--   state: bot (the assistant answers) → queued (handed off, waiting for a human)
--          → agent (claimed; the bot is silent) → bot again when resolved or handed back.
CREATE TABLE conversations (
    id          TEXT PRIMARY KEY,
    site        TEXT NOT NULL,
    -- SHA-256 (hex) of the visitor's bearer token; the token itself is never stored.
    token_hash  TEXT NOT NULL UNIQUE,
    state       TEXT NOT NULL DEFAULT 'bot' CHECK (state IN ('bot', 'queued', 'agent')),
    team        TEXT,
    -- Console queue order: higher first, then oldest queued_at first.
    urgency     INTEGER NOT NULL DEFAULT 0,
    queued_at   TEXT,
    claimed_by  TEXT REFERENCES agents (id),
    claimed_at  TEXT,
    -- The seq the next message gets; advanced in the transaction that inserts it.
    next_seq    INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX conversations_queue ON conversations (site, state, urgency, queued_at);

-- Every message of every conversation, numbered 1, 2, 3… per conversation without gaps.
--   author: visitor | bot | agent | system
--   kind:   chat (a turn), intro (disclosure and greeting), notice (hub-written events)
CREATE TABLE messages (
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    seq             INTEGER NOT NULL,
    -- The visitor's client-generated id: a retried send finds the original here.
    client_id       TEXT,
    author          TEXT NOT NULL CHECK (author IN ('visitor', 'bot', 'agent', 'system')),
    kind            TEXT NOT NULL DEFAULT 'chat' CHECK (kind IN ('chat', 'intro', 'notice')),
    agent_id        TEXT REFERENCES agents (id),
    body            TEXT NOT NULL,
    -- Bot chat turns: 0..1, NULL when the bot had no answer.
    confidence      REAL,
    -- Bot chat turns: the visitor message (seq) this answers; at most one answer each.
    reply_to        INTEGER,
    -- The hub's own triage of this turn (JSON), for the console and for tuning.
    triage          TEXT,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (conversation_id, seq),
    UNIQUE (conversation_id, client_id),
    UNIQUE (conversation_id, reply_to)
);

-- A handoff package as the widget posted it, with both verdicts.
CREATE TABLE handoffs (
    id              TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    team            TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    -- The whole package as posted (transcript as the widget saw it, fields, trigger, reasons).
    package         TEXT NOT NULL,
    widget_trigger  TEXT NOT NULL,
    -- The hub's verdict over the stored transcript (JSON) and its deciding trigger, if any.
    hub_verdict     TEXT NOT NULL,
    hub_trigger     TEXT,
    urgency         INTEGER NOT NULL,
    -- What the visitor was told: was the team available, and when it opens next.
    available       INTEGER NOT NULL CHECK (available IN (0, 1)),
    next_open       TEXT,
    created_at      TEXT NOT NULL,
    closed_at       TEXT
);
-- At most one open handoff per conversation: a second post finds the first.
CREATE UNIQUE INDEX handoffs_one_open ON handoffs (conversation_id) WHERE status = 'open';

-- Contact details a visitor left, with the reference they were shown.
CREATE TABLE leads (
    id              TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    site            TEXT NOT NULL,
    reference       TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    email           TEXT,
    -- E.164.
    phone           TEXT,
    question        TEXT NOT NULL,
    consent         INTEGER NOT NULL CHECK (consent IN (0, 1)),
    whatsapp_link   TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX leads_conversation ON leads (conversation_id);
