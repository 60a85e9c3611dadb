-- Every batch, newest first, with what it changed: 'figures' (no batch_subject row), 'task_status' or
-- 'report_receipt'.
SELECT b.batch_id, b.kind, b.loaded_by, b.loaded_at, b.file_name, b.sha256, b.rows_added, b.rows_changed,
       b.rows_unchanged, b.rows_withdrawn, b.note, b.reverts_batch, coalesce(s.subject, 'figures') AS subject
FROM load_batch AS b
LEFT JOIN batch_subject AS s USING (batch_id)
ORDER BY b.batch_id DESC
