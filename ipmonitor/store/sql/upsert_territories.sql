-- Reference rows from data/reference/territories.csv (registered as `reference`).
INSERT INTO territory (code, name_vi, name_en, valid_from, valid_to, sort_order)
SELECT code, name_vi, name_en, valid_from::DATE, valid_to::DATE, sort_order::INTEGER
FROM reference
ON CONFLICT (code) DO UPDATE SET
    name_vi = excluded.name_vi, name_en = excluded.name_en, valid_from = excluded.valid_from,
    valid_to = excluded.valid_to, sort_order = excluded.sort_order
