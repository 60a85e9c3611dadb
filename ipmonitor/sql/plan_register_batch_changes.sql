-- What one batch wrote to the plan register: each entry's version beside the version before it
-- (change: added, changed or withdrawn); also the plan of a revert of that batch: still_current says no
-- later batch changed the entry again, restore_* is what a revert writes back.
WITH batch_keys AS (
    SELECT kind, entry_id FROM plan_register_version WHERE batch_id = $batch_id
),
versions AS (
    SELECT
        v.*,
        lag(v.version_id) OVER entry_history AS old_version_id,
        lag(v.position) OVER entry_history AS old_position,
        lag(v.body) OVER entry_history AS old_body,
        lag(v.withdrawn) OVER entry_history AS old_withdrawn,
        max(v.version_id) OVER (PARTITION BY v.kind, v.entry_id) AS latest_id
    FROM plan_register_version AS v
    SEMI JOIN batch_keys USING (kind, entry_id)
    WINDOW entry_history AS (PARTITION BY v.kind, v.entry_id ORDER BY v.version_id)
)
SELECT
    kind,
    entry_id,
    CASE
        WHEN withdrawn THEN 'withdrawn'
        WHEN old_version_id IS NULL OR old_withdrawn THEN 'added'
        ELSE 'changed'
    END AS change,
    old_body::VARCHAR AS old_body,
    body::VARCHAR AS new_body,
    old_position,
    position AS new_position,
    latest_id = version_id AS still_current,
    old_version_id IS NULL OR old_withdrawn AS restore_withdrawn
FROM versions
WHERE batch_id = $batch_id
ORDER BY kind, coalesce(position, old_position), entry_id
