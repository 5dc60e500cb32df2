-- The bus between hub instances: every commit that changes what another hub shows sends a
-- NOTIFY on channel "baton" carrying only ids; listeners read the rows themselves. A trigger
-- sends it, so no write path can forget, and Postgres delivers it only if the transaction
-- commits. SQLite (one hub per file) has no bus: sqlite/0005_bus.sql is empty.
--
-- Payloads (space-separated; site keys and ids contain no spaces):
--   "c SITE CONVERSATION LAST_SEQ"  a conversation changed (a message, a handoff, a claim…)
--   "c SITE CONVERSATION"           its lead changed (the queue shows it)
--   "p SITE"                        an agent's presence on the site changed
--   "o"                             a notification became due sooner (enqueued or retried)

CREATE FUNCTION baton_bus_conversation() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('baton', 'c ' || NEW.site || ' ' || NEW.id || ' ' || (NEW.next_seq - 1)::text);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER baton_bus_conversation AFTER INSERT OR UPDATE ON conversations
    FOR EACH ROW EXECUTE FUNCTION baton_bus_conversation();

CREATE FUNCTION baton_bus_lead() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('baton', 'c ' || NEW.site || ' ' || NEW.conversation_id);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER baton_bus_lead AFTER INSERT OR UPDATE ON leads
    FOR EACH ROW EXECUTE FUNCTION baton_bus_lead();

CREATE FUNCTION baton_bus_presence() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('baton', 'p ' || NEW.site);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER baton_bus_presence AFTER INSERT OR UPDATE ON presence
    FOR EACH ROW EXECUTE FUNCTION baton_bus_presence();

CREATE FUNCTION baton_bus_outbox() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('baton', 'o');
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- A lease or a back-off moves a row later: nobody needs waking for that.
CREATE TRIGGER baton_bus_outbox_insert AFTER INSERT ON notification_outbox
    FOR EACH ROW WHEN (NEW.status = 'pending') EXECUTE FUNCTION baton_bus_outbox();
CREATE TRIGGER baton_bus_outbox_sooner AFTER UPDATE ON notification_outbox
    FOR EACH ROW WHEN (NEW.status = 'pending' AND NEW.next_attempt_at < OLD.next_attempt_at)
    EXECUTE FUNCTION baton_bus_outbox();
