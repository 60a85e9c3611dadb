-- What one batch changed, cell by cell: each version it wrote beside the version before it.
WITH batch_keys AS (
    SELECT year, ip_type, measure, territory FROM figure_version WHERE batch_id = $batch_id
),
versions AS (
    SELECT
        f.*,
        lag(f.value) OVER key_history AS old_value,
        lag(f.source_id) OVER key_history AS old_source_id,
        lag(f.withdrawn) OVER key_history AS old_withdrawn
    FROM figure_version AS f
    SEMI JOIN batch_keys USING (year, ip_type, measure, territory)
    WINDOW key_history AS (PARTITION BY f.year, f.ip_type, f.measure, f.territory ORDER BY f.version_id)
)
SELECT
    v.year,
    v.ip_type,
    v.measure,
    v.territory,
    CASE WHEN v.old_withdrawn THEN NULL ELSE v.old_value END AS old_value,
    old_s.code AS old_source,
    v.value AS new_value,
    new_s.code AS new_source,
    CASE
        WHEN v.withdrawn THEN 'withdrawn'
        WHEN v.old_value IS NULL THEN 'added'
        ELSE 'changed'
    END AS status
FROM versions AS v
LEFT JOIN source AS old_s ON old_s.source_id = v.old_source_id
LEFT JOIN source AS new_s ON new_s.source_id = v.source_id
JOIN territory AS tr ON tr.code = v.territory
JOIN ip_type AS it ON it.code = v.ip_type
JOIN measure AS m ON m.code = v.measure
WHERE v.batch_id = $batch_id
ORDER BY tr.sort_order, it.sort_order, m.sort_order, v.year
