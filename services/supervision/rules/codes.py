"""The supervision service's own closed lists (the ones other services share are in shared/vocabulary.py)."""

from __future__ import annotations

from typing import Literal

SessionKindCode = Literal["group", "individual"]
SessionStateCode = Literal["scheduled", "held", "signed_off", "cancelled"]

AttendeeRoleCode = Literal["facilitator", "presenter", "participant", "advisor", "observer"]
"""Who does what in a session: the facilitator runs it, presenters bring their cases, participants are the pod's
other members, advisors (from this pod or another) bring expertise, observers (e.g. students) only watch."""

ActionStatusCode = Literal["open", "done", "cancelled"]

WeekdayCode = Literal["monday", "tuesday", "wednesday", "thursday", "friday"]
WEEKDAYS: tuple[WeekdayCode, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday")
