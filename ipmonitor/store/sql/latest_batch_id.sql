-- The newest batch, 0 when none: a preview remembers it to detect a load made in between.
SELECT coalesce(max(batch_id), 0) FROM load_batch
