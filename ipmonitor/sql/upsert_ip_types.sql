-- Reference rows from data/reference/ip_types.csv (registered as `reference`); names may be corrected.
INSERT INTO ip_type (code, name_vi, name_en, office_vi, office_en, parent_code, is_total, sort_order)
SELECT code, name_vi, name_en, office_vi, office_en, parent_code, is_total::BOOLEAN, sort_order::INTEGER
FROM reference
ON CONFLICT (code) DO UPDATE SET
    name_vi = excluded.name_vi, name_en = excluded.name_en, office_vi = excluded.office_vi,
    office_en = excluded.office_en, parent_code = excluded.parent_code, is_total = excluded.is_total,
    sort_order = excluded.sort_order
