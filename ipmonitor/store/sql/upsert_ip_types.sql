-- Reference rows from data/reference/ip_types.csv (registered as `reference`); names may be corrected.
INSERT INTO ip_type (code, name_vi, name_en, office_vi, office_en, parent_code, is_total, is_placeholder, sort_order)
SELECT code, name_vi, name_en, office_vi, office_en, parent_code, is_total::BOOLEAN,
       coalesce(is_placeholder::BOOLEAN, FALSE), sort_order::INTEGER
FROM reference
ON CONFLICT (code) DO UPDATE SET
    name_vi = excluded.name_vi, name_en = excluded.name_en, office_vi = excluded.office_vi,
    office_en = excluded.office_en, parent_code = excluded.parent_code, is_total = excluded.is_total,
    is_placeholder = excluded.is_placeholder,
    sort_order = excluded.sort_order
