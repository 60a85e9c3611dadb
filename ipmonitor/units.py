"""The units an indicator or a measure is counted in: read by the target register's rules, the seed's
checks and the number formatting alike, so it sits below all three."""

# A percent is never stored: it is a ratio of two stored counts, in percentage points (41.5 means 41.5%),
# so that tables and files show it as written.
UNITS = ("count", "attendances", "dossiers", "enterprises", "cases", "vnd", "percent")
