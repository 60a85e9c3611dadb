-- The target statuses a plan-register batch moved, as worked out when it was written (its audit event's
-- detail.status_moves: target id -> [before, after]); no row for a batch written before they were kept.
SELECT detail
FROM audit_event
WHERE batch_id = $batch_id AND action IN ('plan_register_update', 'revert')
ORDER BY event_id
LIMIT 1
