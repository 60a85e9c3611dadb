-- One measure by IP type and year on several territories, top-level types only, so that a stacked
-- chart adds up to the all-types total without counting collective marks twice; with each figure's
-- source and its kind, so that a chart can mark the values built from illustrative figures.
SELECT c.year, c.territory, c.ip_type, c.value, s.code AS source, s.kind
FROM current_figure AS c
JOIN ip_type AS it ON it.code = c.ip_type
JOIN source AS s ON s.source_id = c.source_id
WHERE c.measure = $measure
  AND list_contains($territories::VARCHAR[], c.territory)
  AND it.parent_code IS NULL AND NOT it.is_total
  AND it.is_placeholder IS NOT TRUE  -- figures about no IP type are never a type
ORDER BY c.year, it.sort_order
