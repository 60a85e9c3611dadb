-- Reference rows from data/reference/measures.csv (registered as `reference`).
INSERT INTO measure (code, kind, name_vi, name_en, sort_order)
SELECT code, kind, name_vi, name_en, sort_order::INTEGER
FROM reference
ON CONFLICT (code) DO UPDATE SET
    kind = excluded.kind, name_vi = excluded.name_vi, name_en = excluded.name_en,
    sort_order = excluded.sort_order
