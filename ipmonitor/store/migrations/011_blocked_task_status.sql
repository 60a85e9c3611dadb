-- Issue 17: a task may be "blocked" (vướng mắc), a difficulty that the plan's closing paragraph asks
-- agencies to report so that the People's Committee can act on it. A blocked status names the difficulty
-- (its note) and the agency that must act on it (acting_agency_id); no other status names an acting agency.
-- Which agency ids exist is data (the plan register, and the city People's Committee, which issued the
-- plan and is not among the agencies it assigns work to), so etl/tracker_writes.py checks that; the shape of a
-- row is checked here.
--
-- DuckDB cannot change a CHECK with ALTER, so task_status_version is rebuilt: create the new table, copy
-- every row unchanged (the new column NULL), drop the old one, rename. The view current_task_status reads
-- the table, so it is dropped first and made again with the new column. The sequence of version ids is
-- the same one: the numbering goes on where it was.
DROP VIEW current_task_status;

CREATE TABLE task_status_version_blocked (
    version_id       BIGINT PRIMARY KEY DEFAULT nextval('task_status_version_id_seq'),
    task_id          VARCHAR NOT NULL CHECK (length(trim(task_id)) > 0),
    year             SMALLINT NOT NULL CHECK (year BETWEEN 2020 AND 2030),  -- the plan runs 2020-2030
    status           VARCHAR CHECK (status IN ('not_started', 'in_progress', 'done', 'overdue', 'blocked')),
    note             VARCHAR CHECK (length(note) <= 1000),
    evidence         VARCHAR CHECK (length(evidence) <= 2000),  -- a document reference or an http(s) link
    withdrawn        BOOLEAN NOT NULL DEFAULT FALSE,
    batch_id         INTEGER NOT NULL REFERENCES load_batch (batch_id),
    -- The agency that must act on a blocked task's difficulty (an agency id of the plan register, or
    -- city_people_committee); NULL for every other status.
    acting_agency_id VARCHAR CHECK (length(trim(acting_agency_id)) > 0),
    CHECK (CASE WHEN withdrawn THEN status IS NULL AND note IS NULL AND evidence IS NULL
                ELSE status IS NOT NULL END),
    CHECK (status IS DISTINCT FROM 'done' OR evidence IS NOT NULL),  -- "done" carries its evidence
    -- "blocked" carries its difficulty and who must act; nothing else names an acting agency.
    CHECK (CASE WHEN status = 'blocked' THEN note IS NOT NULL AND acting_agency_id IS NOT NULL
                ELSE acting_agency_id IS NULL END),
    UNIQUE (task_id, year, batch_id)
);

INSERT INTO task_status_version_blocked
    (version_id, task_id, year, status, note, evidence, withdrawn, batch_id, acting_agency_id)
SELECT version_id, task_id, year, status, note, evidence, withdrawn, batch_id, NULL
FROM task_status_version;

DROP TABLE task_status_version;
ALTER TABLE task_status_version_blocked RENAME TO task_status_version;

CREATE VIEW current_task_status AS
SELECT version_id, task_id, year, status, note, evidence, acting_agency_id, batch_id
FROM (
    SELECT *
    FROM task_status_version
    QUALIFY row_number() OVER (PARTITION BY task_id, year ORDER BY version_id DESC) = 1
)
WHERE NOT withdrawn;
