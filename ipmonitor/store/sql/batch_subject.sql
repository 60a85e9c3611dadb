-- What one batch changed: 'figures' (no batch_subject row), 'task_status' or 'report_receipt';
-- no row when there is no such batch.
SELECT coalesce(s.subject, 'figures') AS subject
FROM load_batch AS b
LEFT JOIN batch_subject AS s USING (batch_id)
WHERE b.batch_id = $batch_id
