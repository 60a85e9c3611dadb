-- Issue 17: the plan's reviews on record. Plan 151/KH-UBND foresees a review every October, the
-- mid-term review (sơ kết) in 2025 and the final review (tổng kết) in 2030. Versioned like the tracker
-- (005): every change is a new row tied to a load_batch row whose batch_subject is 'plan_review'
-- (allowed by 010); a revert writes the earlier version again, or withdraws a key the reverted batch
-- first added; the view gives the current version of each (kind, year).
CREATE SEQUENCE plan_review_version_id_seq START 1;

CREATE TABLE plan_review_version (
    version_id  BIGINT PRIMARY KEY DEFAULT nextval('plan_review_version_id_seq'),
    kind        VARCHAR NOT NULL CHECK (kind IN ('yearly', 'midterm', 'final')),
    -- The plan year the review covers; the meeting itself may come later (held_on). The mid-term and
    -- final reviews exist for their one year only: the plan fixes them (sơ kết 2025, tổng kết 2030), and
    -- a mid-term review held late is still the review of 2025, so another year is refused rather than
    -- kept with a warning (a second "mid-term review" of 2026 would have no edition to print it).
    year        SMALLINT NOT NULL CHECK (year BETWEEN 2021 AND 2030),
    held_on     DATE,
    document    VARCHAR CHECK (length(document) <= 200),          -- its report's number, e.g. 123/BC-UBND
    link        VARCHAR CHECK (length(link) <= 2000
                               AND regexp_matches(link, '^[Hh][Tt][Tt][Pp][Ss]?://[^[:space:]]+$')),
    conclusions VARCHAR CHECK (length(conclusions) <= 4000),
    -- The statuses as the review saw them, frozen when it was recorded: a JSON document
    -- {"method", "as_of", "targets": [{"target_id", "status", "value", "year"}, ...]} (etl/plan_review_writes.py).
    -- A column rather than a child table: the snapshot is only ever read whole, with its review, and is
    -- part of the version; a child table would need its own rows per version and a revert that keeps
    -- them in step, which one column gets for free.
    statuses    JSON,
    withdrawn   BOOLEAN NOT NULL DEFAULT FALSE,
    batch_id    INTEGER NOT NULL REFERENCES load_batch (batch_id),
    CHECK (kind <> 'midterm' OR year = 2025),
    CHECK (kind <> 'final' OR year = 2030),
    CHECK (CASE WHEN withdrawn THEN held_on IS NULL AND document IS NULL AND link IS NULL
                                    AND conclusions IS NULL AND statuses IS NULL
                ELSE held_on IS NOT NULL AND document IS NOT NULL AND statuses IS NOT NULL END),
    CHECK (held_on IS NULL OR extract(year FROM held_on) >= year),  -- not before the year it reviews
    UNIQUE (kind, year, batch_id)
);

CREATE VIEW current_plan_review AS
SELECT version_id, kind, year, held_on, document, link, conclusions, statuses, batch_id
FROM (
    SELECT *
    FROM plan_review_version
    QUALIFY row_number() OVER (PARTITION BY kind, year ORDER BY version_id DESC) = 1
)
WHERE NOT withdrawn;
