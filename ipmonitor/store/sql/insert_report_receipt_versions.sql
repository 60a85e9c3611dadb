-- New report-receipt versions (registered as `pending`: a commit's changes, or a revert's restored and
-- withdrawn versions), tied to one batch.
INSERT INTO report_receipt_version (report, agency_id, year, received_on, reference, note, withdrawn, batch_id)
SELECT report, agency_id, year, CAST(new_received_on AS DATE), new_reference, new_note, withdrawn, $batch_id
FROM pending
ORDER BY _row
