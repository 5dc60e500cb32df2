-- Leads reach the team: the outbox also carries lead notifications and the morning digest,
-- and a lead captured while the site is closed waits for the digest of the next opening.
-- The same schema as sqlite/0004_lead_notify.sql; Postgres can drop a NOT NULL in place,
-- so the table is altered rather than rebuilt.

-- "{handoff_id}:{channel}", "lead:{lead_id}:{channel}" or "digest:{site}:{opening}:{channel}":
-- the idempotency key stays unique, so each is enqueued once.
ALTER TABLE notification_outbox ALTER COLUMN handoff_id DROP NOT NULL;
-- What the row tells about; exactly the matching column is set.
ALTER TABLE notification_outbox
    ADD COLUMN kind TEXT NOT NULL DEFAULT 'handoff' CHECK (kind IN ('handoff', 'lead', 'digest'));
ALTER TABLE notification_outbox ADD COLUMN lead_id TEXT REFERENCES leads (id);
-- "{site}:{opening}" (the opening in the site's zone, 2026-12-04T09:00); the leads it
-- lists carry the same value in leads.digest.
ALTER TABLE notification_outbox ADD COLUMN digest TEXT;
ALTER TABLE notification_outbox ADD CONSTRAINT notification_outbox_subject
    CHECK ((kind = 'handoff' AND handoff_id IS NOT NULL)
        OR (kind = 'lead' AND lead_id IS NOT NULL)
        OR (kind = 'digest' AND digest IS NOT NULL));
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
