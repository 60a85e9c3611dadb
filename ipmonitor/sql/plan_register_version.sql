-- What identifies the register's current state: its newest version (an admin's batch or `etl init`'s
-- seed) and the newest restore (a restore can bring back an older register under smaller numbers).
SELECT
    (SELECT database_id FROM database_identity) AS database_id,
    (SELECT coalesce(max(version_id), 0) FROM plan_register_version) AS version_id,
    (SELECT coalesce(max(event_id), 0) FROM audit_event WHERE action = 'restore') AS restore_event_id
