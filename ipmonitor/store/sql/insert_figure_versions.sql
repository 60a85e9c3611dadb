-- New versions for the added and changed figures (registered as `pending`), tied to one batch.
INSERT INTO figure_version (year, ip_type, measure, territory, value, source_id, withdrawn, batch_id)
SELECT p.year, p.ip_type, p.measure, p.territory, p.new_value, s.source_id, FALSE, $batch_id
FROM pending AS p
JOIN source AS s ON s.code = p.new_source
ORDER BY p._row
