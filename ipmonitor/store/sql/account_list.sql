-- Accounts for an admin, with the sign-in wait in force for the name, if any (sign_in_throttle, 009);
-- app_user's old lockout columns are no longer read.
SELECT u.name, u.role, u.disabled, coalesce(w.failures, 0) AS failed_sign_ins, w.blocked_until AS wait_until,
       u.created_at, u.password_set_at
FROM app_user u
LEFT JOIN sign_in_throttle w ON w.kind = 'name' AND w.key = u.name
ORDER BY u.name
