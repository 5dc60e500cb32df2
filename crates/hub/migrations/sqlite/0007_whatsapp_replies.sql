-- Replies go back out on WhatsApp: an agent's reply in a conversation that continues there
-- is an outbox row (kind 'reply', naming the message by conversation and seq), sent by the
-- worker through the Cloud API and retried like a notification; what the Cloud API then
-- says of it (sent, delivered, read, failed) is kept per message.
-- The table is rebuilt because SQLite cannot change a CHECK in place.

CREATE TABLE notification_outbox_v7 (
    id              TEXT PRIMARY KEY,
    -- "{handoff_id}:{channel}", "lead:{lead_id}:{channel}", "digest:{site}:{opening}:{channel}"
    -- or "reply:{conversation}:{seq}:{channel}"; unique, so each is enqueued once.
    idempotency_key TEXT NOT NULL UNIQUE,
    -- What the row tells about; exactly the matching columns below are set.
    kind            TEXT NOT NULL DEFAULT 'handoff' CHECK (kind IN ('handoff', 'lead', 'digest', 'reply')),
    handoff_id      TEXT REFERENCES handoffs (id),
    lead_id         TEXT REFERENCES leads (id),
    digest          TEXT,
    -- A reply: the message (conversation, seq) to send.
    reply_conversation TEXT REFERENCES conversations (id),
    reply_seq       INTEGER,
    site            TEXT NOT NULL,
    channel         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    delivered_at    TEXT,
    CHECK ((kind = 'handoff' AND handoff_id IS NOT NULL)
        OR (kind = 'lead' AND lead_id IS NOT NULL)
        OR (kind = 'digest' AND digest IS NOT NULL)
        OR (kind = 'reply' AND reply_conversation IS NOT NULL AND reply_seq IS NOT NULL))
);
INSERT INTO notification_outbox_v7 (id, idempotency_key, kind, handoff_id, lead_id, digest, site, channel, status,
                                    attempts, next_attempt_at, last_error, created_at, delivered_at)
    SELECT id, idempotency_key, kind, handoff_id, lead_id, digest, site, channel, status,
           attempts, next_attempt_at, last_error, created_at, delivered_at
    FROM notification_outbox;
DROP TABLE notification_outbox;
ALTER TABLE notification_outbox_v7 RENAME TO notification_outbox;
CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at);
CREATE INDEX notification_outbox_handoff ON notification_outbox (handoff_id);
CREATE INDEX notification_outbox_lead ON notification_outbox (lead_id);

-- What the Cloud API said of each message sent to WhatsApp, by its message id.
CREATE TABLE whatsapp_outbound (
    message_id      TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    seq             INTEGER NOT NULL,
    -- sent → delivered → read, or failed.
    status          TEXT NOT NULL CHECK (status IN ('sent', 'delivered', 'read', 'failed')),
    updated_at      TEXT NOT NULL,
    UNIQUE (conversation_id, seq)
);
