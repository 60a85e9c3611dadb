-- A batch's new versions of register entries, from the registered frame `pending`
-- (kind, entry_id, position, body as JSON text or NULL, withdrawn).
INSERT INTO plan_register_version (kind, entry_id, position, body, withdrawn, batch_id)
SELECT kind, entry_id, position, body::JSON, withdrawn, $batch_id
FROM pending
