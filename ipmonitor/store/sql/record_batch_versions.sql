-- What one batch wrote to a versioned record table (task statuses, report receipts, plan reviews, the plan
-- register): each version beside the version before it of the same key, as keys, change (added, changed
-- or withdrawn), old_<field> and new_<field>; also the plan of a revert of that batch: still_current says
-- no later batch changed the key again, restore_withdrawn that a revert withdraws it (nothing before).
-- $table, $keys and $fields come from ipmonitor/store/record_versions.py's allow-list, never from a user.
WITH keyed AS (
    SELECT *, row(*COLUMNS(lambda c: list_contains($keys, c))) AS record_key
    FROM query_table($table)
),
versions AS (
    SELECT
        v.*,
        lag(COLUMNS(lambda c: list_contains($fields, c))) OVER key_history AS "old_\0",
        lag(v.version_id) OVER key_history AS old_version_id,
        lag(v.withdrawn) OVER key_history AS old_withdrawn,
        max(v.version_id) OVER (PARTITION BY v.record_key) AS latest_id
    FROM keyed AS v
    SEMI JOIN (SELECT record_key FROM keyed WHERE batch_id = $batch_id) USING (record_key)
    WINDOW key_history AS (PARTITION BY v.record_key ORDER BY v.version_id)
)
SELECT
    COLUMNS(lambda c: list_contains($keys, c)),
    CASE
        WHEN withdrawn THEN 'withdrawn'
        WHEN old_version_id IS NULL OR old_withdrawn THEN 'added'
        ELSE 'changed'
    END AS change,
    COLUMNS(lambda c: list_contains(list_transform($fields, lambda f: 'old_' || f), c)),
    COLUMNS(lambda c: list_contains($fields, c)) AS "new_\0",
    withdrawn AS batch_withdrew,
    latest_id = version_id AS still_current,
    old_version_id IS NULL OR old_withdrawn AS restore_withdrawn
FROM versions
WHERE batch_id = $batch_id
