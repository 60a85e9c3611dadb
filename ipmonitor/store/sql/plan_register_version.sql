-- What identifies the register's current state, as the key of the registers built from it: the database,
-- an order-free fingerprint of every version (a copy of a database edited apart from the original shares
-- its identity and can reach the same newest version number with other contents), and the newest restore.
-- A few hundred rows: cheap next to building the registers.
SELECT
    (SELECT database_id FROM database_identity) AS database_id,
    (SELECT count(*) FROM plan_register_version) AS versions,
    (SELECT coalesce(bit_xor(hash(version_id, kind, entry_id, position, body::VARCHAR, withdrawn)), 0)
     FROM plan_register_version) AS fingerprint,
    (SELECT coalesce(max(event_id), 0) FROM audit_event WHERE action = 'restore') AS restore_event_id
