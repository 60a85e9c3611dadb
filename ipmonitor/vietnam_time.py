"""The clock the plan runs on: Viet Nam's day, whatever the server's time zone."""
from __future__ import annotations

import datetime as dt

VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")  # no daylight saving in Viet Nam


def vietnam_today() -> dt.date:
    """Today's date in Viet Nam, whatever the server's time zone: a report received this morning in
    Can Tho is not in the future, and deadlines are Viet Nam's days."""
    return dt.datetime.now(VIETNAM_TIME).date()
