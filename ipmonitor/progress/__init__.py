"""How the targets stand: series across the merger, the assessment and its status methods, the
scoreboard, verdicts in words, scenarios, the trajectory model and what draws it on a page (charts, tables)."""
