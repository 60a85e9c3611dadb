DELETE FROM sign_in_handoff WHERE expires_at < $before
