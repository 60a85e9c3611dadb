-- The audit log, newest first, filtered; a NULL filter matches everything.
SELECT event_id, occurred_at, actor, channel, action, batch_id, detail
FROM audit_event
WHERE ($actor IS NULL OR actor = $actor)
  AND ($action IS NULL OR action = $action)
  AND ($since IS NULL OR occurred_at >= $since)
  AND ($until IS NULL OR occurred_at < $until)
ORDER BY event_id DESC
LIMIT $limit
