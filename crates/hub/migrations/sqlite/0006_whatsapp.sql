-- WhatsApp continues the thread: a conversation remembers the visitor's WhatsApp number
-- once they write from it, each message says which channel it came by, and every inbound
-- WhatsApp message id is recorded once (Meta delivers at least once).

-- Where the conversation began: the website's widget, or a WhatsApp message.
ALTER TABLE conversations ADD COLUMN channel TEXT NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'whatsapp'));
-- The visitor's WhatsApp number (the Cloud API's wa_id, digits only), once linked.
ALTER TABLE conversations ADD COLUMN whatsapp_from TEXT;
CREATE INDEX conversations_whatsapp_from ON conversations (site, whatsapp_from);

-- The channel a message came or went by.
ALTER TABLE messages ADD COLUMN channel TEXT NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'whatsapp'));

-- Each inbound WhatsApp message, by the Cloud API's id: stored once, whatever Meta retries.
CREATE TABLE whatsapp_inbound (
    message_id      TEXT PRIMARY KEY,
    site            TEXT NOT NULL,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    seq             INTEGER NOT NULL,
    received_at     TEXT NOT NULL
);
