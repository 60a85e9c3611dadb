-- The account a session signs in, only while the session is live and the account enabled.
SELECT u.name, u.role
FROM app_session AS s
JOIN app_user AS u ON u.name = s.account_name
WHERE s.session_id_hash = $session_id_hash
  AND s.revoked_at IS NULL
  AND s.expires_at > $now
  AND NOT u.disabled
