-- The current figures of some measures on some territories (the parts and totals a load checks).
SELECT c.year, c.ip_type, c.measure, c.territory, c.value
FROM current_figure AS c
WHERE list_contains($measures::VARCHAR[], c.measure)
  AND list_contains($territories::VARCHAR[], c.territory)
