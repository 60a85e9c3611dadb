-- One key's failed sign-ins: how many, the last, and until when attempts are refused unchecked.
SELECT failures, last_failure_at, blocked_until
FROM sign_in_throttle
WHERE kind = $kind AND key = $key
