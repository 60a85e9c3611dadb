-- Territories have dates (territory.valid_from / valid_to, since 001): the former city and provinces
-- until 30 June 2025, the merged Can Tho City from 1 July 2025. A figure is about a year in which its
-- territory existed, at least in part (2025 has both). Loads check this before writing (etl/validate.py);
-- this view lists the current figures stored before that check that break the rule, so that `etl init`
-- and the app can name them (none of the shipped figures may: tests/integration/test_territory_dates.py).
-- A view, not a CHECK: DuckDB constraints cannot look at another table.
CREATE VIEW figure_outside_territory_dates AS
SELECT f.year, f.ip_type, f.measure, f.territory, f.value, f.batch_id, t.valid_from, t.valid_to
FROM current_figure AS f
JOIN territory AS t ON t.code = f.territory
WHERE (t.valid_from IS NOT NULL AND f.year < year(t.valid_from))
   OR (t.valid_to IS NOT NULL AND f.year > year(t.valid_to));
