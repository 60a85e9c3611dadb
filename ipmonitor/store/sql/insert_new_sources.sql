-- Sources first named by this load (registered as `new_sources`).
INSERT INTO source (code, title, publisher, address, published, kind)
SELECT code, title, publisher, address, published::DATE, 'published'
FROM new_sources
ON CONFLICT (code) DO NOTHING
