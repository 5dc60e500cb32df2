-- The webhook answers Meta as soon as an inbound message is stored; who answers the visitor
-- (the assistant or a team) is decided after that commit. `claimed_at` says when a hub took
-- that decision on (the one that stored the message, at once); `answered_at` when it was
-- done. A message still unanswered once its claim is stale (the hub stopped in between) is
-- taken on again by any hub's worker. The sender is kept for the handoff the decision makes.
ALTER TABLE whatsapp_inbound ADD COLUMN from_number TEXT NOT NULL DEFAULT '';
ALTER TABLE whatsapp_inbound ADD COLUMN profile_name TEXT;
ALTER TABLE whatsapp_inbound ADD COLUMN claimed_at TEXT;
ALTER TABLE whatsapp_inbound ADD COLUMN answered_at TEXT;
UPDATE whatsapp_inbound SET claimed_at = received_at, answered_at = received_at;
CREATE INDEX whatsapp_inbound_unanswered ON whatsapp_inbound (claimed_at) WHERE answered_at IS NULL;
