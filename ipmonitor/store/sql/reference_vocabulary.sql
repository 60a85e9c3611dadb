-- Every code a figure may use, with both names, from the database's reference tables. `untyped` marks
-- the placeholder IP type and the measures that are not counted by IP type (they go together); a
-- territory's dates of existence, and an IP type's "of which" parent and total flag, serve the checks.
SELECT 'ip_type' AS kind, code, name_vi, name_en, sort_order, is_placeholder IS TRUE AS untyped,
       NULL::DATE AS valid_from, NULL::DATE AS valid_to, parent_code, is_total
FROM ip_type
UNION ALL
SELECT 'measure', code, name_vi, name_en, sort_order, by_ip_type IS FALSE, NULL, NULL, NULL, NULL FROM measure
UNION ALL
SELECT 'territory', code, name_vi, name_en, sort_order, FALSE, valid_from, valid_to, NULL, NULL FROM territory
ORDER BY kind, sort_order, code
