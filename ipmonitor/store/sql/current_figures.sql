-- Current figures with display names in one language, their source and batch; every filter optional,
-- and an optional row limit (the page shows the first rows; downloads take them all).
SELECT
    c.year,
    c.ip_type,
    c.measure,
    c.territory,
    c.value,
    s.code AS source,
    CASE WHEN $lang = 'en' THEN it.name_en ELSE it.name_vi END AS ip_type_name,
    CASE WHEN $lang = 'en' THEN m.name_en ELSE m.name_vi END AS measure_name,
    CASE WHEN $lang = 'en' THEN tr.name_en ELSE tr.name_vi END AS territory_name,
    s.title AS source_title,
    s.publisher AS source_publisher,
    s.address AS source_address,
    s.published AS source_date,
    s.kind AS source_kind,
    c.batch_id,
    b.loaded_at
FROM current_figure AS c
JOIN ip_type AS it ON it.code = c.ip_type
JOIN measure AS m ON m.code = c.measure
JOIN territory AS tr ON tr.code = c.territory
JOIN source AS s ON s.source_id = c.source_id
JOIN load_batch AS b ON b.batch_id = c.batch_id
WHERE ($territories::VARCHAR[] IS NULL OR list_contains($territories::VARCHAR[], c.territory))
  AND ($ip_types::VARCHAR[] IS NULL OR list_contains($ip_types::VARCHAR[], c.ip_type))
  AND ($measures::VARCHAR[] IS NULL OR list_contains($measures::VARCHAR[], c.measure))
  AND c.year BETWEEN coalesce($year_from::INTEGER, 1981) AND coalesce($year_to::INTEGER, 2100)
ORDER BY tr.sort_order, it.sort_order, m.sort_order, c.year
LIMIT coalesce($limit::BIGINT, 9223372036854775807)
