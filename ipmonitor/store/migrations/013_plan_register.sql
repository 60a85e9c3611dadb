-- The plan register in the database (issue 17): plans, indicators, targets (with the check of their
-- quote), task areas, tasks, agencies and the reporting calendar, versioned like the figures and the
-- tracker records. Every change is a new version row tied to the batch that made it (load_batch, with
-- subject 'plan_register' in batch_subject), a revert writes the earlier version again or withdraws an
-- entry the reverted batch first added, and "current" is the newest version of each (kind, entry_id).
--
-- An entry's fields are kept as the register's own JSON object (`body`), in the shape of the shipped
-- YAML files that seed it (data/targets/targets.yaml, data/plan/*.yaml), rather than one table per kind:
-- the register's rules span entries (a target names its plan and indicator, a task its agencies, an
-- agency its successor; a target's conditions must agree with its direction), so they are checked in
-- Python over the whole register (ipmonitor/register/targets.py, ipmonitor/register/plan_register.py) before any batch is
-- written, by the same code that checks the YAML. What holds for one row on its own is checked here.
CREATE SEQUENCE plan_register_version_id_seq START 1;

CREATE TABLE plan_register_version (
    version_id BIGINT PRIMARY KEY DEFAULT nextval('plan_register_version_id_seq'),
    kind       VARCHAR NOT NULL
               CHECK (kind IN ('plan', 'indicator', 'target', 'task_area', 'task', 'agency', 'reporting')),
    entry_id   VARCHAR NOT NULL CHECK (length(trim(entry_id)) BETWEEN 1 AND 100),
    position   INTEGER CHECK (position >= 0),  -- the entry's place in its kind's list (the register's order)
    body       JSON,
    withdrawn  BOOLEAN NOT NULL DEFAULT FALSE,
    -- NULL: written by `etl init` from the shipped files, as the figures' seed is not a reader's batch
    -- either; every change an admin makes (and its revert) is a batch of subject 'plan_register'.
    batch_id   INTEGER REFERENCES load_batch (batch_id),
    CHECK (CASE WHEN withdrawn THEN body IS NULL AND position IS NULL
                ELSE body IS NOT NULL AND position IS NOT NULL AND json_type(body) = 'OBJECT' END),
    UNIQUE (kind, entry_id, batch_id)
);

CREATE VIEW current_plan_register AS
SELECT version_id, kind, entry_id, position, body, batch_id
FROM (
    SELECT *
    FROM plan_register_version
    QUALIFY row_number() OVER (PARTITION BY kind, entry_id ORDER BY version_id DESC) = 1
)
WHERE NOT withdrawn;
