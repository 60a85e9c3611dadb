-- The newest batch that changed figures, for the "last update" line.
SELECT batch_id, kind, reverts_batch, loaded_by, loaded_at, file_name
FROM load_batch
ORDER BY batch_id DESC
LIMIT 1
