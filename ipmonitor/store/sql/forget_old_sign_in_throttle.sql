-- Keys whose last failure is old and whose back-off is over carry nothing any more: typed names of
-- accounts that do not exist would otherwise pile up.
DELETE FROM sign_in_throttle
WHERE last_failure_at < $forget_before AND (blocked_until IS NULL OR blocked_until <= $now)
