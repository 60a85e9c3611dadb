-- Sign-in hardening (issue 15, part 5): a back-off per typed name and per client address instead of
-- a lockout of existing accounts, and server-side sessions that survive a page reload.
-- Needs only 004 (app_user); nothing here depends on a later migration.

-- Failed sign-ins counted per key, whether or not an account of that name exists, so that the answer
-- never tells which names exist. kind 'name' keys a typed name (lower case), 'client' a client
-- address. blocked_until: attempts before it are refused without checking the password
-- (ipmonitor/store/sign_in_throttle.py computes it). A success clears the row.
CREATE TABLE sign_in_throttle (
    kind            VARCHAR NOT NULL CHECK (kind IN ('name', 'client')),
    key             VARCHAR NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
    failures        INTEGER NOT NULL CHECK (failures >= 1),
    last_failure_at TIMESTAMP NOT NULL,  -- UTC
    blocked_until   TIMESTAMP,           -- UTC; NULL while failures are still free
    PRIMARY KEY (kind, key)
);

-- A signed-in browser: the cookie carries the session id, the table only its SHA-256, so that a copy of
-- the database does not sign anyone in. A session ends at expires_at, at sign-out (revoked_at), or when
-- its account is disabled or its password reset.
CREATE TABLE app_session (
    session_id_hash VARCHAR PRIMARY KEY CHECK (regexp_full_match(session_id_hash, '[0-9a-f]{64}')),
    account_name    VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL CHECK (expires_at > created_at),
    revoked_at      TIMESTAMP
);

-- The one-time token that the sign-in page hands to the browser after a successful sign-in, and that
-- the browser exchanges for the session cookie (which only an HTTP response can set HttpOnly).
-- Valid for a minute, once; stored hashed like the session id.
CREATE TABLE sign_in_handoff (
    token_hash   VARCHAR PRIMARY KEY CHECK (regexp_full_match(token_hash, '[0-9a-f]{64}')),
    account_name VARCHAR NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL CHECK (expires_at > created_at),
    used_at      TIMESTAMP
);

-- The old lockout columns stay (dropping them would rebuild app_user) but are no longer read or written;
-- a lock left from before this migration is lifted so that no page shows it.
UPDATE app_user SET failed_sign_ins = 0, locked_until = NULL;
