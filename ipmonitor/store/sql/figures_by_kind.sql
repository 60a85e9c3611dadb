-- Current figures up to a year, counted by territory, measure, IP type and source: what a report as
-- of that year rests on, and which of it is illustrative.
SELECT c.territory, c.measure, c.ip_type, s.code AS source, s.kind,
       min(c.year) AS first_year, max(c.year) AS last_year, count(*) AS figures
FROM current_figure AS c
JOIN source AS s ON s.source_id = c.source_id
JOIN territory AS tr ON tr.code = c.territory
JOIN measure AS m ON m.code = c.measure
JOIN ip_type AS it ON it.code = c.ip_type
WHERE c.year <= $year
GROUP BY c.territory, c.measure, c.ip_type, s.code, s.kind
ORDER BY min(tr.sort_order), min(m.sort_order), min(it.sort_order), min(s.source_id)
