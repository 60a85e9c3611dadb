-- Use a one-time token: only once, and only before it expires; returns the account it was made for.
UPDATE sign_in_handoff
SET used_at = $now
WHERE token_hash = $token_hash AND used_at IS NULL AND expires_at > $now
RETURNING account_name
