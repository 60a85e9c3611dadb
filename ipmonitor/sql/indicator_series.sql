-- One indicator's yearly values: the current figures of a measure in a territory, summed over the
-- chosen IP types. 'all_top_level' stands for every type that is neither a sub-type nor a total,
-- so that collective marks are not counted twice inside trademarks.
SELECT c.year, sum(c.value) AS value, count(*) AS figures
FROM current_figure AS c
JOIN ip_type AS it ON it.code = c.ip_type
WHERE c.measure = $measure
  AND c.territory = $territory
  AND (list_contains($ip_types::VARCHAR[], c.ip_type)
       OR (list_contains($ip_types::VARCHAR[], 'all_top_level') AND it.parent_code IS NULL AND NOT it.is_total))
GROUP BY c.year
ORDER BY c.year
