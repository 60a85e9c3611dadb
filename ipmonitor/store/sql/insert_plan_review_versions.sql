-- New plan-review versions (registered as `pending`: a commit's review, or a revert's restored and
-- withdrawn versions), tied to one batch.
INSERT INTO plan_review_version (kind, year, held_on, document, link, conclusions, statuses, withdrawn, batch_id)
SELECT kind, year, new_held_on, new_document, new_link, new_conclusions, CAST(new_statuses AS JSON), withdrawn,
       $batch_id
FROM pending
ORDER BY _row
