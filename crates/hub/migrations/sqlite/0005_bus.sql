-- Postgres 0005 adds the bus between hub instances (LISTEN/NOTIFY triggers); a SQLite
-- file serves one hub, which needs no bus. Kept so both backends share version numbers.
SELECT 1;
