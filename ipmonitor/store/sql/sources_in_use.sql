-- Sources of the current figures, with how many figures each supports.
SELECT s.code, s.title, s.publisher, s.address, s.published, s.kind, s.note, count(*) AS figures
FROM current_figure AS c
JOIN source AS s ON s.source_id = c.source_id
WHERE ($codes::VARCHAR[] IS NULL OR list_contains($codes::VARCHAR[], s.code))
GROUP BY ALL
ORDER BY min(s.source_id)
