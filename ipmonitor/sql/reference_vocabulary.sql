-- Every code a figure may use, with both names, from the database's reference tables. `untyped` marks
-- the placeholder IP type and the measures that are not counted by IP type (they go together).
SELECT 'ip_type' AS kind, code, name_vi, name_en, sort_order, is_placeholder IS TRUE AS untyped FROM ip_type
UNION ALL
SELECT 'measure', code, name_vi, name_en, sort_order, by_ip_type IS FALSE FROM measure
UNION ALL
SELECT 'territory', code, name_vi, name_en, sort_order, FALSE FROM territory
ORDER BY kind, sort_order, code
