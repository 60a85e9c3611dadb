INSERT INTO app_session (session_id_hash, account_name, created_at, expires_at)
VALUES ($session_id_hash, $account_name, $now, $expires_at)
