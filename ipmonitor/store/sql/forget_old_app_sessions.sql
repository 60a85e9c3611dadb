DELETE FROM app_session WHERE expires_at < $before
