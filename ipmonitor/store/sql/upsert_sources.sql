-- The source register from data/reference/sources.csv (registered as `reference`).
INSERT INTO source (code, title, publisher, address, published, kind, note)
SELECT code, title, publisher, address, published::DATE, kind, note
FROM reference
ON CONFLICT (code) DO UPDATE SET
    title = excluded.title, publisher = excluded.publisher, address = excluded.address,
    published = excluded.published, kind = excluded.kind, note = excluded.note
