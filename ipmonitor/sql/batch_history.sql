SELECT batch_id, kind, loaded_by, loaded_at, file_name, sha256, rows_added, rows_changed,
       rows_unchanged, rows_withdrawn, note, reverts_batch
FROM load_batch
ORDER BY batch_id DESC
