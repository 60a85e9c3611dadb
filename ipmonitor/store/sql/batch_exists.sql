SELECT count(*) FROM load_batch WHERE batch_id = $batch_id
