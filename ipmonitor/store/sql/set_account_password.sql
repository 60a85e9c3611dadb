-- A reset also lifts a lock: the admin who resets has checked who is asking.
UPDATE app_user
SET password_hash = $password_hash, password_set_at = $now, failed_sign_ins = 0, locked_until = NULL
WHERE name = $name
RETURNING name
