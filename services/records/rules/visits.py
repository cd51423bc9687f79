"""The visit clock of a child: the rule lives in `shared.visits`, so the KPI service counts overdue visits by
the very same rule records keeps the clock by."""

from shared.visits import (
    UNSUCCESSFUL,
    OpenStatus,
    Sighting,
    StatusClock,
    VisitClock,
    VisitIntervals,
    visit_clock,
)

__all__ = ["UNSUCCESSFUL", "OpenStatus", "Sighting", "StatusClock", "VisitClock", "VisitIntervals", "visit_clock"]
