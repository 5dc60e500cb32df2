-- Leads reach the team: the outbox also carries lead notifications and the morning digest,
-- and a lead captured while the site is closed waits for the digest of the next opening.
-- Portable SQL, as in 0001 (the table is rebuilt because a column's NOT NULL cannot be
-- dropped in SQLite).

CREATE TABLE notification_outbox_v4 (
    id              TEXT PRIMARY KEY,
    -- "{handoff_id}:{channel}", "lead:{lead_id}:{channel}" or "digest:{site}:{opening}:{channel}":
    -- sent to receivers as the idempotency key; unique, so each is enqueued once.
    idempotency_key TEXT NOT NULL UNIQUE,
    -- What the row tells about; exactly the matching column below is set.
    kind            TEXT NOT NULL DEFAULT 'handoff' CHECK (kind IN ('handoff', 'lead', 'digest')),
    handoff_id      TEXT REFERENCES handoffs (id),
    lead_id         TEXT REFERENCES leads (id),
    -- "{site}:{opening}" (the opening in the site's zone, 2026-12-04T09:00); the leads it
    -- lists carry the same value in leads.digest.
    digest          TEXT,
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
        OR (kind = 'digest' AND digest IS NOT NULL))
);
INSERT INTO notification_outbox_v4 (id, idempotency_key, kind, handoff_id, site, channel, status, attempts,
                                    next_attempt_at, last_error, created_at, delivered_at)
    SELECT id, idempotency_key, 'handoff', handoff_id, site, channel, status, attempts,
           next_attempt_at, last_error, created_at, delivered_at
    FROM notification_outbox;
DROP TABLE notification_outbox;
ALTER TABLE notification_outbox_v4 RENAME TO notification_outbox;
CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at);
CREATE INDEX notification_outbox_handoff ON notification_outbox (handoff_id);
CREATE INDEX notification_outbox_lead ON notification_outbox (lead_id);

-- A lead captured while the site was closed, with a digest configured: the next opening
-- (UTC timestamp) whose digest lists it. NULL: in hours, or no digest.
ALTER TABLE leads ADD COLUMN digest_due_at TEXT;
-- The digest it went into ("{site}:{opening}"), set in the transaction that enqueues that
-- digest; NULL while it waits.
ALTER TABLE leads ADD COLUMN digest TEXT;
-- The digest check runs every few seconds: it reads only leads still waiting.
CREATE INDEX leads_digest_waiting ON leads (digest_due_at) WHERE digest IS NULL AND digest_due_at IS NOT NULL;
-- The leads of one digest, when it is sent (partial: most leads are in none).
CREATE INDEX leads_digest ON leads (digest) WHERE digest IS NOT NULL;
