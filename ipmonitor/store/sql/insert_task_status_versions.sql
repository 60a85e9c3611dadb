-- New task-status versions (registered as `pending`: a commit's changes, or a revert's restored and
-- withdrawn versions), tied to one batch.
INSERT INTO task_status_version (task_id, year, status, note, evidence, acting_agency_id, withdrawn, batch_id)
SELECT task_id, year, new_status, new_note, new_evidence, new_acting_agency_id, withdrawn, $batch_id
FROM pending
ORDER BY _row
