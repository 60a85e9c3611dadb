-- A key's count after one more failure (ipmonitor/store/sign_in_throttle.py computes the numbers).
INSERT INTO sign_in_throttle (kind, key, failures, last_failure_at, blocked_until)
VALUES ($kind, $key, $failures, $now, $blocked_until)
ON CONFLICT (kind, key) DO UPDATE
SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, blocked_until = excluded.blocked_until
