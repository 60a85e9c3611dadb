-- A success (or an admin's password reset) starts the key's count again.
DELETE FROM sign_in_throttle WHERE kind = $kind AND key = $key
