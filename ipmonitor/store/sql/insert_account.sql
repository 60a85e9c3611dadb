INSERT INTO app_user (name, role, password_hash, created_at, password_set_at)
VALUES ($name, $role, $password_hash, $now, $now)
