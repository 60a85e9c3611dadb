-- How many current figures there are, how many are illustrative, and from how many sources.
SELECT count(*) AS figures,
       count(*) FILTER (WHERE s.kind = 'illustrative') AS illustrative,
       count(DISTINCT c.source_id) AS sources
FROM current_figure AS c
JOIN source AS s ON s.source_id = c.source_id
