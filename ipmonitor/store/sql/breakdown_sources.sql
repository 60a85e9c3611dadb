-- The sources behind the By-IP-type charts: every source of the top-level types' current figures of
-- some measures on some territories (the same selection of figures as ip_type_breakdown.sql).
SELECT DISTINCT s.code
FROM current_figure AS c
JOIN ip_type AS it ON it.code = c.ip_type
JOIN source AS s ON s.source_id = c.source_id
WHERE list_contains($measures::VARCHAR[], c.measure)
  AND list_contains($territories::VARCHAR[], c.territory)
  AND it.parent_code IS NULL AND NOT it.is_total
ORDER BY s.code
