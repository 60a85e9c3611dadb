SELECT name, role, password_hash, disabled, failed_sign_ins, locked_until
FROM app_user
WHERE name = $name
