"""The plans' register: what each plan asks (indicators, targets) and assigns (task areas, tasks,
agencies, the reporting calendar), read from the shipped files or from the database, with its rules and
a target's words."""
