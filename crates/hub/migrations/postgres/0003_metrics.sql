-- What the metrics need beyond what 0001 stores: the visitor's rating, the outcome an agent
-- gives a lead, and when a handoff was resolved (0001's closed_at is also set when an agent
-- hands the conversation back to the bot, which is not a resolution). Portable SQL, as in 0001.

-- One rating per conversation (the visitor's latest tap wins): 1..5; a thumbs up is stored
-- as 5 and a thumbs down as 1.
CREATE TABLE ratings (
    conversation_id TEXT PRIMARY KEY REFERENCES conversations (id),
    score           BIGINT NOT NULL CHECK (score BETWEEN 1 AND 5),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- won (became a customer) or lost; NULL while open.
ALTER TABLE leads ADD COLUMN outcome TEXT CHECK (outcome IN ('won', 'lost'));
ALTER TABLE leads ADD COLUMN outcome_at TEXT;
ALTER TABLE leads ADD COLUMN outcome_by TEXT REFERENCES agents (id);

-- Set when an agent resolves the conversation while this handoff is open.
ALTER TABLE handoffs ADD COLUMN resolved_at TEXT;

-- The metrics read a site's conversations by creation time, and handoffs by conversation.
CREATE INDEX conversations_site_created ON conversations (site, created_at);
CREATE INDEX handoffs_conversation ON handoffs (conversation_id);
