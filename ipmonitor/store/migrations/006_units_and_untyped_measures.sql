-- The plans' other indicators (Decision 2724): people trained in IP, registration dossiers the city
-- supported and the amounts it paid, enforcement cases, key and OCOP products, patents in force and in
-- commercial use. Their figures are about no IP type: they are stored under the placeholder type
-- 'not_applicable' (is_placeholder), which no type total ('all_top_level', the By-IP-type breakdown)
-- may include, and each measure says its unit and whether it is counted by IP type. A load refuses a
-- typed measure under the placeholder and an untyped measure under a real type (etl/validate.py).
--
-- DuckDB cannot add a column with NOT NULL or CHECK to a table that figure_version references, so the
-- defaults stand in for NOT NULL, and the accepted units (ipmonitor.numbers.UNITS) are checked when the
-- reference rows are seeded (etl/seed.py).
ALTER TABLE ip_type ADD COLUMN is_placeholder BOOLEAN DEFAULT FALSE;
ALTER TABLE measure ADD COLUMN unit VARCHAR DEFAULT 'count';
ALTER TABLE measure ADD COLUMN by_ip_type BOOLEAN DEFAULT TRUE;
