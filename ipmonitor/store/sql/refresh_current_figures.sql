-- Bring current_figure up to date with one batch's versions (the newest for their keys): a changed or
-- re-added figure replaces the old one, a withdrawn key leaves the table.
MERGE INTO current_figure AS c
USING (SELECT * FROM figure_version WHERE batch_id = $batch_id) AS v
ON c.year = v.year AND c.ip_type = v.ip_type AND c.measure = v.measure AND c.territory = v.territory
WHEN MATCHED AND v.withdrawn THEN DELETE
WHEN MATCHED THEN UPDATE SET version_id = v.version_id, value = v.value, source_id = v.source_id,
                             batch_id = v.batch_id
WHEN NOT MATCHED AND NOT v.withdrawn THEN
    INSERT (year, ip_type, measure, territory, version_id, value, source_id, batch_id)
    VALUES (v.year, v.ip_type, v.measure, v.territory, v.version_id, v.value, v.source_id, v.batch_id)
