-- Which database this is: a random id given once, when this migration runs (on a new database, or on
-- the next `etl init` or write of an existing one), and never changed. Every backup's manifest names it,
-- and `etl restore` refuses a backup of another database unless told --other-database (etl/backup.py).
-- One row: `one_row` can only be TRUE and is unique.
CREATE TABLE database_identity (
    database_id VARCHAR PRIMARY KEY CHECK (length(database_id) = 36),
    created_at  TIMESTAMP NOT NULL,  -- UTC
    one_row     BOOLEAN NOT NULL DEFAULT TRUE UNIQUE CHECK (one_row)
);

INSERT INTO database_identity (database_id, created_at)
VALUES (gen_random_uuid()::VARCHAR, current_timestamp::TIMESTAMP);
