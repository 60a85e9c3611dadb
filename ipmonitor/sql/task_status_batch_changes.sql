-- What one batch wrote to the task statuses: each version beside the version before it of the same
-- task and year (change: added, changed or withdrawn); also the plan of a revert of that batch:
-- still_current says no later batch changed the key again, restore_* is what a revert writes back.
WITH batch_keys AS (
    SELECT task_id, year FROM task_status_version WHERE batch_id = $batch_id
),
versions AS (
    SELECT
        v.*,
        lag(v.version_id) OVER key_history AS old_version_id,
        lag(v.status) OVER key_history AS old_status,
        lag(v.note) OVER key_history AS old_note,
        lag(v.evidence) OVER key_history AS old_evidence,
        lag(v.acting_agency_id) OVER key_history AS old_acting_agency_id,
        lag(v.withdrawn) OVER key_history AS old_withdrawn,
        max(v.version_id) OVER (PARTITION BY v.task_id, v.year) AS latest_id
    FROM task_status_version AS v
    SEMI JOIN batch_keys USING (task_id, year)
    WINDOW key_history AS (PARTITION BY v.task_id, v.year ORDER BY v.version_id)
)
SELECT
    task_id,
    year,
    CASE
        WHEN withdrawn THEN 'withdrawn'
        WHEN old_version_id IS NULL OR old_withdrawn THEN 'added'
        ELSE 'changed'
    END AS change,
    old_status,
    status AS new_status,
    old_note,
    note AS new_note,
    old_evidence,
    evidence AS new_evidence,
    old_acting_agency_id,
    acting_agency_id AS new_acting_agency_id,
    withdrawn AS batch_withdrew,
    latest_id = version_id AS still_current,
    old_version_id IS NULL OR old_withdrawn AS restore_withdrawn
FROM versions
WHERE batch_id = $batch_id
ORDER BY year, try_cast(split_part(task_id, '.', 1) AS INTEGER) NULLS LAST, task_id
