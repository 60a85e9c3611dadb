-- Figures are versioned, never updated in place: every change is a new row tied to the batch that
-- made it, and "current figures" is a view over the latest version of each key.

CREATE SEQUENCE batch_id_seq START 1;

CREATE TABLE load_batch (
    batch_id       INTEGER PRIMARY KEY DEFAULT nextval('batch_id_seq'),
    kind           VARCHAR NOT NULL CHECK (kind IN ('load', 'revert')),
    loaded_by      VARCHAR NOT NULL CHECK (length(trim(loaded_by)) > 0),
    loaded_at      TIMESTAMP NOT NULL,  -- UTC; shown in Viet Nam time (UTC+7)
    file_name      VARCHAR,
    sha256         VARCHAR CHECK (sha256 IS NULL OR length(sha256) = 64),
    rows_added     INTEGER NOT NULL CHECK (rows_added >= 0),
    rows_changed   INTEGER NOT NULL CHECK (rows_changed >= 0),
    rows_unchanged INTEGER NOT NULL CHECK (rows_unchanged >= 0),
    rows_withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (rows_withdrawn >= 0),
    note           VARCHAR,
    reverts_batch  INTEGER,
    CHECK ((kind = 'revert') = (reverts_batch IS NOT NULL))
);

CREATE SEQUENCE figure_version_id_seq START 1;

CREATE TABLE figure_version (
    version_id BIGINT PRIMARY KEY DEFAULT nextval('figure_version_id_seq'),
    year       SMALLINT NOT NULL CHECK (year BETWEEN 1981 AND 2100),
    ip_type    VARCHAR NOT NULL REFERENCES ip_type (code),
    measure    VARCHAR NOT NULL REFERENCES measure (code),
    territory  VARCHAR NOT NULL REFERENCES territory (code),
    value      BIGINT CHECK (value >= 0),
    source_id  INTEGER REFERENCES source (source_id),
    -- A revert of the batch that first added a key withdraws it: the key has no current figure.
    withdrawn  BOOLEAN NOT NULL DEFAULT FALSE,
    batch_id   INTEGER NOT NULL REFERENCES load_batch (batch_id),
    CHECK (CASE WHEN withdrawn THEN value IS NULL AND source_id IS NULL
                ELSE value IS NOT NULL AND source_id IS NOT NULL END),
    UNIQUE (year, ip_type, measure, territory, batch_id)
);

CREATE VIEW current_figure AS
SELECT version_id, year, ip_type, measure, territory, value, source_id, batch_id
FROM (
    SELECT *
    FROM figure_version
    QUALIFY row_number() OVER (
        PARTITION BY year, ip_type, measure, territory ORDER BY version_id DESC) = 1
)
WHERE NOT withdrawn;
