-- Every code a figure may use, with both names, from the database's reference tables.
SELECT 'ip_type' AS kind, code, name_vi, name_en, sort_order FROM ip_type
UNION ALL
SELECT 'measure', code, name_vi, name_en, sort_order FROM measure
UNION ALL
SELECT 'territory', code, name_vi, name_en, sort_order FROM territory
ORDER BY kind, sort_order, code
