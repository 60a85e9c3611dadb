-- The current status of each task and year (all years when $year is NULL), with who wrote it and when.
SELECT s.task_id, s.year, s.status, s.note, s.evidence, s.acting_agency_id, s.version_id, s.batch_id, b.loaded_by, b.loaded_at
FROM current_task_status AS s
JOIN load_batch AS b USING (batch_id)
WHERE $year IS NULL OR s.year = $year
-- "3.b" before "10.a": the area number sorts as a number
ORDER BY s.year, try_cast(split_part(s.task_id, '.', 1) AS INTEGER) NULLS LAST, s.task_id
