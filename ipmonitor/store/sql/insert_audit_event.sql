INSERT INTO audit_event (occurred_at, actor, channel, action, batch_id, detail)
VALUES ($at, $actor, $channel, $action, $batch_id, $detail)
RETURNING event_id
