-- For every figure a batch wrote: is that version still current, and what was there before it?
-- Reverting restores the previous version, or withdraws the key where the batch first added it.
WITH batch_rows AS (
    SELECT * FROM figure_version WHERE batch_id = $batch_id
),
latest AS (
    SELECT f.year, f.ip_type, f.measure, f.territory, max(f.version_id) AS latest_id
    FROM figure_version AS f
    JOIN batch_rows AS b USING (year, ip_type, measure, territory)
    GROUP BY ALL
),
previous AS (
    SELECT b.version_id, p.value, p.source_id, p.withdrawn
    FROM batch_rows AS b
    JOIN figure_version AS p
      ON p.year = b.year AND p.ip_type = b.ip_type AND p.measure = b.measure
     AND p.territory = b.territory AND p.version_id < b.version_id
    QUALIFY row_number() OVER (PARTITION BY b.version_id ORDER BY p.version_id DESC) = 1
)
SELECT
    b.year,
    b.ip_type,
    b.measure,
    b.territory,
    b.withdrawn AS batch_withdrew,
    l.latest_id = b.version_id AS still_current,
    l.latest_id AS latest_id,
    p.version_id IS NULL OR p.withdrawn AS restore_withdrawn,
    p.value AS restore_value,
    p.source_id AS restore_source_id
FROM batch_rows AS b
JOIN latest AS l USING (year, ip_type, measure, territory)
LEFT JOIN previous AS p ON p.version_id = b.version_id
ORDER BY b.year, b.ip_type, b.measure, b.territory
