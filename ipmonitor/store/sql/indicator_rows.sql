-- One indicator's yearly values on several territories: the current figures of a measure summed
-- over the chosen IP types, with how many types had a figure ('types': a drop means a series break).
-- 'all_top_level' stands for every type that is neither a sub-type nor a total, nor the placeholder
-- 'not_applicable' under which figures about no IP type are kept (people trained, support, cases).
SELECT c.year, c.territory, sum(c.value) AS value, count(DISTINCT c.ip_type) AS types
FROM current_figure AS c
JOIN ip_type AS it ON it.code = c.ip_type
WHERE c.measure = $measure
  AND list_contains($territories::VARCHAR[], c.territory)
  AND (list_contains($ip_types::VARCHAR[], c.ip_type)
       OR (list_contains($ip_types::VARCHAR[], 'all_top_level') AND it.parent_code IS NULL AND NOT it.is_total
           AND it.is_placeholder IS NOT TRUE))
GROUP BY c.year, c.territory
ORDER BY c.year, c.territory
