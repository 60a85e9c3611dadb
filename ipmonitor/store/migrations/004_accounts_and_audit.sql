-- Analyst and admin accounts (local sign-in), and the audit log of every sign-in and every change.
-- Viewers have no account. Passwords are stored only as Argon2id hashes (ipmonitor/store/analyst_accounts.py).

CREATE TABLE app_user (
    name            VARCHAR PRIMARY KEY CHECK (regexp_full_match(name, '[a-z0-9][a-z0-9._-]{1,39}')),
    role            VARCHAR NOT NULL CHECK (role IN ('analyst', 'admin')),
    password_hash   VARCHAR NOT NULL CHECK (starts_with(password_hash, '$argon2id$')),
    disabled        BOOLEAN NOT NULL DEFAULT FALSE,
    -- Failed sign-ins since the last success; the fifth locks the account until locked_until (UTC).
    failed_sign_ins INTEGER NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
    locked_until    TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    password_set_at TIMESTAMP NOT NULL
);

CREATE SEQUENCE audit_event_id_seq START 1;

-- Append-only: nothing in the code updates or deletes an event. Actions are checked in Python
-- (ipmonitor/store/audit.py AUDIT_ACTIONS) so that later features can add actions without a table rebuild.
CREATE TABLE audit_event (
    event_id BIGINT PRIMARY KEY DEFAULT nextval('audit_event_id_seq'),
    occurred_at TIMESTAMP NOT NULL,  -- UTC; shown in Viet Nam time
    actor    VARCHAR NOT NULL,    -- an account name, or the login name on the command line
    channel  VARCHAR NOT NULL CHECK (channel IN ('app', 'cli')),
    action   VARCHAR NOT NULL,
    batch_id INTEGER,
    detail   VARCHAR              -- JSON text: file, counts, reasons
);
