-- What one batch wrote to the report receipts: each version beside the version before it of the same
-- report, agency and year (change: added, changed or withdrawn); also the plan of a revert of that
-- batch: still_current says no later batch changed the key again, restore_* is what a revert writes back.
WITH batch_keys AS (
    SELECT report, agency_id, year FROM report_receipt_version WHERE batch_id = $batch_id
),
versions AS (
    SELECT
        v.*,
        lag(v.version_id) OVER key_history AS old_version_id,
        lag(v.received_on) OVER key_history AS old_received_on,
        lag(v.reference) OVER key_history AS old_reference,
        lag(v.note) OVER key_history AS old_note,
        lag(v.withdrawn) OVER key_history AS old_withdrawn,
        max(v.version_id) OVER (PARTITION BY v.report, v.agency_id, v.year) AS latest_id
    FROM report_receipt_version AS v
    SEMI JOIN batch_keys USING (report, agency_id, year)
    WINDOW key_history AS (PARTITION BY v.report, v.agency_id, v.year ORDER BY v.version_id)
)
SELECT
    report,
    agency_id,
    year,
    CASE
        WHEN withdrawn THEN 'withdrawn'
        WHEN old_version_id IS NULL OR old_withdrawn THEN 'added'
        ELSE 'changed'
    END AS change,
    old_received_on,
    received_on AS new_received_on,
    old_reference,
    reference AS new_reference,
    old_note,
    note AS new_note,
    withdrawn AS batch_withdrew,
    latest_id = version_id AS still_current,
    old_version_id IS NULL OR old_withdrawn AS restore_withdrawn
FROM versions
WHERE batch_id = $batch_id
ORDER BY year, report, agency_id
