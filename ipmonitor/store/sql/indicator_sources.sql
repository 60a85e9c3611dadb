-- The sources behind one indicator's yearly values on several territories: one row per year,
-- territory and source, with the source's kind (the same selection of figures as indicator_rows.sql).
SELECT DISTINCT c.year, c.territory, s.code AS source, s.kind
FROM current_figure AS c
JOIN ip_type AS it ON it.code = c.ip_type
JOIN source AS s ON s.source_id = c.source_id
WHERE c.measure = $measure
  AND list_contains($territories::VARCHAR[], c.territory)
  AND (list_contains($ip_types::VARCHAR[], c.ip_type)
       OR (list_contains($ip_types::VARCHAR[], 'all_top_level') AND it.parent_code IS NULL AND NOT it.is_total
           AND it.is_placeholder IS NOT TRUE))
ORDER BY c.year, c.territory, s.code
