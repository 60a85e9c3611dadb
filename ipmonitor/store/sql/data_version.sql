-- What the figures, the tracker records and the reference lists are now, as one row: it changes with
-- every batch (figures, task statuses, report receipts), every restore (its audit event is numbered past
-- every earlier one, even when the restored batches are not) and every refresh of the reference lists
-- (`etl init`) or of the plan register, and not with sign-ins or sessions. Documents are cached under it
-- (ipmonitor/documents/kept_documents.py).
SELECT
    (SELECT database_id FROM database_identity) AS database_id,
    (SELECT coalesce(max(batch_id), 0) FROM load_batch) AS batch_id,
    (SELECT coalesce(max(event_id), 0) FROM audit_event WHERE action = 'restore') AS restore_event_id,
    -- Order-free fingerprints of the small reference tables (names and sources are printed in documents).
    (SELECT coalesce(bit_xor(hash(r)), 0) FROM source AS r) AS sources,
    (SELECT coalesce(bit_xor(hash(r)), 0) FROM territory AS r) AS territories,
    (SELECT coalesce(bit_xor(hash(r)), 0) FROM ip_type AS r) AS ip_types,
    (SELECT coalesce(bit_xor(hash(r)), 0) FROM measure AS r) AS measures,
    -- The plan register: `etl init` rewrites it from the shipped files after a release without a batch.
    (SELECT coalesce(bit_xor(hash(version_id)), 0) FROM plan_register_version) AS plan_register
