-- The restored versions of a revert (registered as `restore`), tied to the revert's own batch.
INSERT INTO figure_version (year, ip_type, measure, territory, value, source_id, withdrawn, batch_id)
SELECT year, ip_type, measure, territory,
       CASE WHEN restore_withdrawn THEN NULL ELSE restore_value END,
       CASE WHEN restore_withdrawn THEN NULL ELSE restore_source_id END,
       restore_withdrawn, $batch_id
FROM restore
