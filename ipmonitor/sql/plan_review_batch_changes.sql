-- What one batch wrote to the plan reviews: each version beside the version before it of the same kind
-- and year (change: added, changed or withdrawn); also the plan of a revert of that batch:
-- still_current says no later batch changed the key again, restore_withdrawn that a revert withdraws it.
WITH batch_keys AS (
    SELECT kind, year FROM plan_review_version WHERE batch_id = $batch_id
),
versions AS (
    SELECT
        v.*,
        lag(v.version_id) OVER key_history AS old_version_id,
        lag(v.held_on) OVER key_history AS old_held_on,
        lag(v.document) OVER key_history AS old_document,
        lag(v.link) OVER key_history AS old_link,
        lag(v.conclusions) OVER key_history AS old_conclusions,
        lag(v.statuses) OVER key_history AS old_statuses,
        lag(v.withdrawn) OVER key_history AS old_withdrawn,
        max(v.version_id) OVER (PARTITION BY v.kind, v.year) AS latest_id
    FROM plan_review_version AS v
    SEMI JOIN batch_keys USING (kind, year)
    WINDOW key_history AS (PARTITION BY v.kind, v.year ORDER BY v.version_id)
)
SELECT
    kind,
    year,
    CASE
        WHEN withdrawn THEN 'withdrawn'
        WHEN old_version_id IS NULL OR old_withdrawn THEN 'added'
        ELSE 'changed'
    END AS change,
    old_held_on,
    held_on AS new_held_on,
    old_document,
    document AS new_document,
    old_link,
    link AS new_link,
    old_conclusions,
    conclusions AS new_conclusions,
    CAST(old_statuses AS VARCHAR) AS old_statuses,
    CAST(statuses AS VARCHAR) AS new_statuses,
    withdrawn AS batch_withdrew,
    latest_id = version_id AS still_current,
    old_version_id IS NULL OR old_withdrawn AS restore_withdrawn
FROM versions
WHERE batch_id = $batch_id
ORDER BY year, kind
