-- For each figure of a preview (registered as `preview_rows`), the value of the year before in the
-- same series: from the same file when it has that year, otherwise the current figure. Keyed by the
-- figure's key, which a checked file gives once (its rows may come from several sheets).
SELECT
    r.year,
    r.ip_type,
    r.measure,
    r.territory,
    coalesce(same_file.new_value, c.value) AS previous_value
FROM preview_rows AS r
LEFT JOIN preview_rows AS same_file
    ON same_file.year = r.year - 1 AND same_file.ip_type = r.ip_type
   AND same_file.measure = r.measure AND same_file.territory = r.territory
LEFT JOIN current_figure AS c
    ON c.year = r.year - 1 AND c.ip_type = r.ip_type AND c.measure = r.measure AND c.territory = r.territory
