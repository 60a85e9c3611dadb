-- Reference rows from data/reference/measures.csv (registered as `reference`).
INSERT INTO measure (code, kind, unit, by_ip_type, name_vi, name_en, sort_order)
SELECT code, kind, coalesce(unit, 'count'), coalesce(by_ip_type::BOOLEAN, TRUE), name_vi, name_en, sort_order::INTEGER
FROM reference
ON CONFLICT (code) DO UPDATE SET
    kind = excluded.kind, unit = excluded.unit, by_ip_type = excluded.by_ip_type, name_vi = excluded.name_vi,
    name_en = excluded.name_en, sort_order = excluded.sort_order
