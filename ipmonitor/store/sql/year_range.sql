SELECT min(year), max(year) FROM current_figure
