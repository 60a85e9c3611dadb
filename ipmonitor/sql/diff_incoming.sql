-- Each incoming figure (registered as `incoming`) beside the current figure for its key:
-- added (no current figure), unchanged (same value and source) or changed.
SELECT
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
ORDER BY i._row
