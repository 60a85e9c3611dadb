-- Each incoming figure (registered as `incoming`) beside the current figure for its key:
-- added (no current figure), unchanged (same value and source) or changed. In the order a reader
-- scans a series: by territory, measure and IP type as the reference lists order them, then by year
-- (a wide sheet's cells come row by row, which would scatter a series' years).
SELECT
    i._sheet,
    i._row,
    i.year,
    i.ip_type,
    i.measure,
    i.territory,
    i.value AS new_value,
    i.source_code AS new_source,
    c.value AS old_value,
    s.code AS old_source,
    CASE
        WHEN c.version_id IS NULL THEN 'added'
        WHEN c.value = i.value AND s.code = i.source_code THEN 'unchanged'
        ELSE 'changed'
    END AS status
FROM incoming AS i
LEFT JOIN current_figure AS c USING (year, ip_type, measure, territory)
LEFT JOIN source AS s ON s.source_id = c.source_id
LEFT JOIN territory AS t ON t.code = i.territory
LEFT JOIN measure AS m ON m.code = i.measure
LEFT JOIN ip_type AS p ON p.code = i.ip_type
ORDER BY t.sort_order, m.sort_order, p.sort_order, i.year, i._sheet NULLS FIRST, i._row
