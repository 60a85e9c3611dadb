-- Every live session of an account ends now (the account was disabled or its password reset).
UPDATE app_session
SET revoked_at = $now
WHERE account_name = $account_name AND revoked_at IS NULL AND expires_at > $now
RETURNING session_id_hash
