-- The current receipt of each yearly report (all years when $year is NULL); received_on NULL is a
-- report recorded as not received.
SELECT r.report, r.agency_id, r.year, r.received_on, r.reference, r.note, r.version_id, r.batch_id,
       b.loaded_by, b.loaded_at
FROM current_report_receipt AS r
JOIN load_batch AS b USING (batch_id)
WHERE $year IS NULL OR r.year = $year
ORDER BY r.year, r.report, r.agency_id
