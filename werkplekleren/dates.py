"""Calendar helpers every app shares (weeks start on Monday, as the Vitale Weekcyclus does)."""

from datetime import date, timedelta


def monday_of(day: date) -> date:
    """The Monday of the week ``day`` is in."""
    return day - timedelta(days=day.weekday())
