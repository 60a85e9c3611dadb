-- Sign-out: the session ends now; returns its account when it was still live.
UPDATE app_session
SET revoked_at = $now
WHERE session_id_hash = $session_id_hash AND revoked_at IS NULL AND expires_at > $now
RETURNING account_name
