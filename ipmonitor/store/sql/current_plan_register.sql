-- The register as it is now: every entry's newest version that is not withdrawn, in the register's order.
SELECT kind, entry_id, position, body::VARCHAR AS body
FROM current_plan_register
ORDER BY kind, position, entry_id
