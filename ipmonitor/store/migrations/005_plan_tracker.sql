-- The plan tracker (issue 6): a status per task and year, and a receipt date per yearly report, kept
-- beside the figures and versioned like them: every change is a new row tied to the batch that made
-- it (load_batch, so sign-in, preview, backup, audit and History are the same), a revert is a batch
-- that writes the earlier version again or withdraws a key the reverted batch first added, and
-- "current" is the newest version of each key. Which task and agency ids exist, a task's period and
-- an agency's life (districts end on 30 June 2025) are data (the plan register YAML), so they are
-- checked in Python (etl/tracker_writes.py); what does not depend on that data is checked here.

-- Which record a batch changed. A table beside load_batch rather than a column of it: DuckDB can add
-- a column with a DEFAULT (ALTER TABLE ... ADD COLUMN) but cannot add a CHECK with ALTER, and a new
-- column would change the shape of `SELECT * FROM load_batch` that existing code and copies of older
-- databases rely on. Figure batches (every batch before this migration, and those etl/load.py
-- writes) have no row here: no row means 'figures'.
CREATE TABLE batch_subject (
    batch_id INTEGER PRIMARY KEY REFERENCES load_batch (batch_id),
    subject  VARCHAR NOT NULL CHECK (subject IN ('task_status', 'report_receipt'))
);

CREATE SEQUENCE task_status_version_id_seq START 1;

CREATE TABLE task_status_version (
    version_id BIGINT PRIMARY KEY DEFAULT nextval('task_status_version_id_seq'),
    task_id    VARCHAR NOT NULL CHECK (length(trim(task_id)) > 0),
    year       SMALLINT NOT NULL CHECK (year BETWEEN 2020 AND 2030),  -- the plan runs 2020-2030
    status     VARCHAR CHECK (status IN ('not_started', 'in_progress', 'done', 'overdue')),
    note       VARCHAR CHECK (length(note) <= 1000),
    evidence   VARCHAR CHECK (length(evidence) <= 2000),  -- a document reference or an http(s) link
    -- A revert of the batch that first recorded a key withdraws it: the key has no current status.
    withdrawn  BOOLEAN NOT NULL DEFAULT FALSE,
    batch_id   INTEGER NOT NULL REFERENCES load_batch (batch_id),
    CHECK (CASE WHEN withdrawn THEN status IS NULL AND note IS NULL AND evidence IS NULL
                ELSE status IS NOT NULL END),
    CHECK (status IS DISTINCT FROM 'done' OR evidence IS NOT NULL),  -- "done" carries its evidence
    UNIQUE (task_id, year, batch_id)
);

CREATE SEQUENCE report_receipt_version_id_seq START 1;

CREATE TABLE report_receipt_version (
    version_id  BIGINT PRIMARY KEY DEFAULT nextval('report_receipt_version_id_seq'),
    -- agency: an agency's yearly assessment to the Department of Science and Technology (due 15 October);
    -- city: the Department's compiled report to the People's Committee (due 30 October).
    report      VARCHAR NOT NULL CHECK (report IN ('agency', 'city')),
    agency_id   VARCHAR NOT NULL CHECK (length(trim(agency_id)) > 0),  -- for 'city', the compiler's id
    year        SMALLINT NOT NULL CHECK (year BETWEEN 2020 AND 2030),
    received_on DATE,  -- NULL on a current version: recorded as not received
    reference   VARCHAR CHECK (length(reference) <= 200),  -- the document's number, e.g. 123/BC-SKHCN
    note        VARCHAR CHECK (length(note) <= 1000),
    withdrawn   BOOLEAN NOT NULL DEFAULT FALSE,
    batch_id    INTEGER NOT NULL REFERENCES load_batch (batch_id),
    CHECK (NOT withdrawn OR (received_on IS NULL AND reference IS NULL AND note IS NULL)),
    CHECK (received_on IS NULL OR extract(year FROM received_on) >= year),  -- not before 1 January
    UNIQUE (report, agency_id, year, batch_id)
);

-- Views, not tables kept in step (as current_figure became in 003): tens of rows a year.
CREATE VIEW current_task_status AS
SELECT version_id, task_id, year, status, note, evidence, batch_id
FROM (
    SELECT *
    FROM task_status_version
    QUALIFY row_number() OVER (PARTITION BY task_id, year ORDER BY version_id DESC) = 1
)
WHERE NOT withdrawn;

CREATE VIEW current_report_receipt AS
SELECT version_id, report, agency_id, year, received_on, reference, note, batch_id
FROM (
    SELECT *
    FROM report_receipt_version
    QUALIFY row_number() OVER (PARTITION BY report, agency_id, year ORDER BY version_id DESC) = 1
)
WHERE NOT withdrawn;
