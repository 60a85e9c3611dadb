-- Codes and display names of one language for the filter widgets, in display order.
SELECT 'territory' AS kind, code, CASE WHEN $lang = 'en' THEN name_en ELSE name_vi END AS name, sort_order
FROM territory
UNION ALL
SELECT 'ip_type', code, CASE WHEN $lang = 'en' THEN name_en ELSE name_vi END, sort_order FROM ip_type
UNION ALL
SELECT 'measure', code, CASE WHEN $lang = 'en' THEN name_en ELSE name_vi END, sort_order FROM measure
ORDER BY kind, sort_order
