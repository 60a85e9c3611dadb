-- Current figures about a year in which their territory did not exist (migration 007's view).
SELECT year, ip_type, measure, territory, value, batch_id, valid_from, valid_to
FROM figure_outside_territory_dates
ORDER BY territory, measure, ip_type, year
