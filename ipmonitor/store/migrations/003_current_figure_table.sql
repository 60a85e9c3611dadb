-- "Current figures" become a table kept in step with figure_version, in the same transaction as each
-- batch (etl/load.py), instead of a view that ranks every version on every read: at national scale
-- (2.4 million figures) that ranking alone took a page past its time and the server past 400 MB.
-- figure_version stays the record; this table can always be rebuilt from it.

DROP VIEW current_figure;

CREATE TABLE current_figure (
    year       SMALLINT NOT NULL,
    ip_type    VARCHAR NOT NULL,
    measure    VARCHAR NOT NULL,
    territory  VARCHAR NOT NULL,
    version_id BIGINT NOT NULL,
    value      BIGINT NOT NULL CHECK (value >= 0),
    source_id  INTEGER NOT NULL,
    batch_id   INTEGER NOT NULL,
    PRIMARY KEY (year, ip_type, measure, territory)
);

INSERT INTO current_figure
SELECT year, ip_type, measure, territory, version_id, value, source_id, batch_id
FROM (
    SELECT *
    FROM figure_version
    QUALIFY row_number() OVER (PARTITION BY year, ip_type, measure, territory ORDER BY version_id DESC) = 1
)
WHERE NOT withdrawn;
