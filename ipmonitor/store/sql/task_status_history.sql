-- Every version of one task's status (all years when $year is NULL), newest first, with the batch that
-- wrote it; a revert that withdrew the status shows as a version with withdrawn = TRUE and no status.
SELECT v.version_id, v.task_id, v.year, v.status, v.note, v.evidence, v.acting_agency_id, v.withdrawn, v.batch_id,
       b.kind, b.reverts_batch, b.loaded_by, b.loaded_at
FROM task_status_version AS v
JOIN load_batch AS b USING (batch_id)
WHERE v.task_id = $task_id AND ($year IS NULL OR v.year = $year)
ORDER BY v.version_id DESC
