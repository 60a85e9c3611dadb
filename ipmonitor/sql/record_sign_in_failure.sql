-- One more failure; the fifth (max_failures) locks the account and starts the count again.
UPDATE app_user
SET failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= $max_failures THEN 0 ELSE failed_sign_ins + 1 END,
    locked_until = CASE WHEN failed_sign_ins + 1 >= $max_failures THEN $lock_until ELSE locked_until END
WHERE name = $name
RETURNING locked_until
