INSERT INTO sign_in_handoff (token_hash, account_name, created_at, expires_at)
VALUES ($token_hash, $account_name, $now, $expires_at)
