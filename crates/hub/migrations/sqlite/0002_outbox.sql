-- The notification outbox: one row per (handoff, channel), written in the transaction that
-- stores the handoff, so a handoff is never stored without its notifications and a channel
-- that is down never holds the handoff up. A background worker delivers due rows.
--
-- Same conventions as 0001: TEXT ids, fixed-width UTC timestamps (text order is time order).
CREATE TABLE notification_outbox (
    id              TEXT PRIMARY KEY,
    -- "{handoff_id}:{channel}": sent to receivers as the idempotency key.
    idempotency_key TEXT NOT NULL UNIQUE,
    handoff_id      TEXT NOT NULL REFERENCES handoffs (id),
    site            TEXT NOT NULL,
    -- The channel's name in [[sites.notify.channels]].
    channel         TEXT NOT NULL,
    -- pending → delivered, or failed after the last attempt (a retry makes it pending again).
    status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- Due time; a worker that takes a row moves it ahead by a lease, so another worker
    -- (or instance) does not send it at the same time.
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    delivered_at    TEXT
);
CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at);
CREATE INDEX notification_outbox_handoff ON notification_outbox (handoff_id);
