-- The current version of each plan review (migration 012), oldest first, with who recorded it and when.
SELECT r.kind, r.year, r.held_on, r.document, r.link, r.conclusions, CAST(r.statuses AS VARCHAR) AS statuses,
       r.version_id, r.batch_id, b.loaded_by, b.loaded_at
FROM current_plan_review AS r
JOIN load_batch AS b USING (batch_id)
ORDER BY r.year, CASE r.kind WHEN 'yearly' THEN 0 WHEN 'midterm' THEN 1 ELSE 2 END
