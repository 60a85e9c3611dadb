SELECT code, title FROM source ORDER BY source_id
