SELECT name, role, disabled, failed_sign_ins, locked_until, created_at, password_set_at
FROM app_user
ORDER BY name
