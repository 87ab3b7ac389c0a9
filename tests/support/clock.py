"""Now, as a test says: a service given a `Clock` reads it wherever it would read the time, and the test moves it."""

from datetime import datetime, timedelta


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> datetime:
        self.at += timedelta(**delta)
        return self.at

    def set(self, at: str) -> None:
        """Move to `at`, an ISO 8601 date-time with its offset."""
        self.at = datetime.fromisoformat(at)
