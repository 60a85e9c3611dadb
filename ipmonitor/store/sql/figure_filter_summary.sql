-- How many current figures a filter matches, and the codes of their sources.
SELECT count(*) AS figures, coalesce(list(DISTINCT s.code ORDER BY s.code), []) AS sources
FROM current_figure AS c
JOIN source AS s ON s.source_id = c.source_id
WHERE ($territories::VARCHAR[] IS NULL OR list_contains($territories::VARCHAR[], c.territory))
  AND ($ip_types::VARCHAR[] IS NULL OR list_contains($ip_types::VARCHAR[], c.ip_type))
  AND ($measures::VARCHAR[] IS NULL OR list_contains($measures::VARCHAR[], c.measure))
  AND c.year BETWEEN coalesce($year_from::INTEGER, 1981) AND coalesce($year_to::INTEGER, 2100)
