-- Replies go back out on WhatsApp: an agent's reply in a conversation that continues there
-- is an outbox row (kind 'reply', naming the message by conversation and seq), sent by the
-- worker through the Cloud API and retried like a notification; what the Cloud API then
-- says of it (sent, delivered, read, failed) is kept per message.
-- The same schema as sqlite/0007_whatsapp_replies.sql; Postgres changes the CHECKs in place.

ALTER TABLE notification_outbox DROP CONSTRAINT notification_outbox_kind_check;
ALTER TABLE notification_outbox
    ADD CONSTRAINT notification_outbox_kind_check CHECK (kind IN ('handoff', 'lead', 'digest', 'reply'));
ALTER TABLE notification_outbox ADD COLUMN reply_conversation TEXT REFERENCES conversations (id);
ALTER TABLE notification_outbox ADD COLUMN reply_seq BIGINT;
ALTER TABLE notification_outbox DROP CONSTRAINT notification_outbox_subject;
ALTER TABLE notification_outbox ADD CONSTRAINT notification_outbox_subject
    CHECK ((kind = 'handoff' AND handoff_id IS NOT NULL)
        OR (kind = 'lead' AND lead_id IS NOT NULL)
        OR (kind = 'digest' AND digest IS NOT NULL)
        OR (kind = 'reply' AND reply_conversation IS NOT NULL AND reply_seq IS NOT NULL));

-- What the Cloud API said of each message sent to WhatsApp, by its message id.
CREATE TABLE whatsapp_outbound (
    message_id      TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    seq             BIGINT NOT NULL,
    -- sent → delivered → read, or failed.
    status          TEXT NOT NULL CHECK (status IN ('sent', 'delivered', 'read', 'failed')),
    updated_at      TEXT NOT NULL,
    UNIQUE (conversation_id, seq)
);
