"""The allocation service's tables. Periods are never overwritten: they end, and corrections are new facts."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import flag_modified

from shared.messaging.tables import platform_tables


class Base(AsyncAttrs, DeclarativeBase):
    """Collections (a child's cases; a case's allocations, statuses, covers and court proceedings; a worker's
    memberships and covers) are read with `await obj.awaitable_attrs.<name>`: once loaded they answer from memory,
    and commands append to them, so a long session (the synthetic council) checks its rules without a query per
    command. They also tell the unit of work to write a parent before its children when commands share a flush."""

    type_annotation_map = {dict[str, Any]: sa.JSON, list[Any]: sa.JSON}


platform = platform_tables(Base.metadata)


def _id() -> Mapped[uuid.UUID]:
    return mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)


def _one_open(name: str, *columns: str, open_when: str) -> sa.Index:
    """The database's own guard for "one open X at a time": requests checked side by side on PostgreSQL both pass
    the rule in Python, and the index lets only one of them commit. The name says the rule in the 409."""
    return sa.Index(name, *columns, unique=True, postgresql_where=sa.text(open_when), sqlite_where=sa.text(open_when))


class Pod(Base):
    __tablename__ = "pods"

    id: Mapped[uuid.UUID] = _id()
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    created_on: Mapped[date]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class Worker(Base):
    __tablename__ = "workers"

    id: Mapped[uuid.UUID] = _id()
    name: Mapped[str] = mapped_column(sa.String(200))
    registration_number: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    employment: Mapped[str] = mapped_column(sa.String(20))
    version: Mapped[int] = mapped_column(default=1)
    memberships: Mapped[list[Membership]] = relationship(order_by="Membership.start_date")
    covers: Mapped[list[Cover]] = relationship(foreign_keys="Cover.worker_id")

    __mapper_args__ = {"version_id_col": version}


class Membership(Base):
    """A worker's period in a pod, in a role, at an FTE."""

    __tablename__ = "memberships"

    id: Mapped[uuid.UUID] = _id()
    worker_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("workers.id"), index=True)
    pod_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("pods.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(40))
    fte: Mapped[float]
    start_date: Mapped[date]
    end_date: Mapped[date | None]

    __table_args__ = (_one_open("one_open_membership_per_worker", "worker_id", open_when="end_date IS NULL"),)

    def current_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class Child(Base):
    __tablename__ = "children"

    id: Mapped[uuid.UUID] = _id()
    la_child_id: Mapped[str] = mapped_column(sa.String(50), unique=True)
    given_name: Mapped[str] = mapped_column(sa.String(100))
    family_name: Mapped[str] = mapped_column(sa.String(100))
    date_of_birth: Mapped[date]
    sex: Mapped[str] = mapped_column(sa.String(1))
    uasc: Mapped[bool] = mapped_column(default=False)
    registered_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    family_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    """The family (sibling group): siblings share it; a child without known siblings has a family of their own."""
    cases: Mapped[list[Case]] = relationship(order_by="Case.referral_date")


class Case(Base):
    """An episode of involvement with a child: opened on a referral date, closed with a reason."""

    __tablename__ = "cases"

    id: Mapped[uuid.UUID] = _id()
    child_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("children.id"), index=True)
    referral_date: Mapped[date]
    source: Mapped[str] = mapped_column(sa.String(100))
    closed_on: Mapped[date | None]
    closure_reason: Mapped[str | None] = mapped_column(sa.String(20))
    version: Mapped[int] = mapped_column(default=1)
    allocations: Mapped[list[Allocation]] = relationship(order_by="Allocation.start_date")
    status_periods: Mapped[list[StatusPeriod]] = relationship(order_by="StatusPeriod.start_date")
    covers: Mapped[list[Cover]] = relationship(foreign_keys="Cover.case_id")
    court_proceedings: Mapped[list[CourtProceedings]] = relationship(order_by="CourtProceedings.start_date")

    __table_args__ = (_one_open("one_open_case_per_child", "child_id", open_when="closed_on IS NULL"),)
    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def record_change(self) -> None:
        """Every change to the case or its periods moves its version (its ETag) on, so that two requests changing
        one case side by side conflict in the database (the loser gets 409), with or without If-Match."""
        flag_modified(self, "source")


class StatusPeriod(Base):
    """CIN, CP (with category of abuse) or CLA (with SSDA903 legal status); periods may overlap."""

    __tablename__ = "status_periods"

    id: Mapped[uuid.UUID] = _id()
    case_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(3))
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    cp_category: Mapped[str | None] = mapped_column(sa.String(3))
    legal_status: Mapped[str | None] = mapped_column(sa.String(2))

    __table_args__ = (
        _one_open("one_open_status_period_of_each_kind_per_case", "case_id", "kind", open_when="end_date IS NULL"),
    )


class CourtProceedings(Base):
    """A period in which the case is before the family court (e.g. care proceedings): it weighs more."""

    __tablename__ = "court_proceedings"

    id: Mapped[uuid.UUID] = _id()
    case_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    start_date: Mapped[date]
    end_date: Mapped[date | None]

    __table_args__ = (_one_open("one_open_court_proceedings_per_case", "case_id", open_when="end_date IS NULL"),)


class Allocation(Base):
    """A period in which a case is held by a pod, and by a worker unless `worker_id` is null (awaiting)."""

    __tablename__ = "allocations"

    id: Mapped[uuid.UUID] = _id()
    case_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    pod_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("pods.id"), index=True)
    worker_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("workers.id"), index=True)
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    start_reason: Mapped[str | None] = mapped_column(sa.String(6))
    end_reason: Mapped[str | None] = mapped_column(sa.String(40))
    entered_in_error: Mapped[bool] = mapped_column(default=False)
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        _one_open("one_open_allocation_per_case", "case_id", open_when="end_date IS NULL AND NOT entered_in_error"),
    )

    def open_on(self, day: date) -> bool:
        return not self.entered_in_error and self.start_date <= day and (self.end_date is None or self.end_date > day)


class TransferRequest(Base):
    """A transfer whose continuity cost needs a pod manager's approval before it happens."""

    __tablename__ = "transfer_requests"

    id: Mapped[uuid.UUID] = _id()
    case_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    to_worker_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("workers.id"))
    to_pod_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("pods.id"))
    reason: Mapped[str] = mapped_column(sa.String(6))
    effective_date: Mapped[date]
    state: Mapped[str] = mapped_column(sa.String(20), default="pending")
    continuity_cost: Mapped[dict[str, Any]]
    requested_by: Mapped[str] = mapped_column(sa.String(200))
    decided_by: Mapped[str | None] = mapped_column(sa.String(200))
    decision_note: Mapped[str | None] = mapped_column(sa.Text)
    requested_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class Cover(Base):
    """A colleague covering one case, or all of a worker's cases, for a period. Not a transfer."""

    __tablename__ = "covers"

    id: Mapped[uuid.UUID] = _id()
    worker_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("workers.id"), index=True)
    covering_worker_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("workers.id"))
    case_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    reason: Mapped[str] = mapped_column(sa.String(20))

    def active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class RebalancingPlan(Base):
    """A proposed set of moves (recalibration or a leaver's reallocation), applied only on approval."""

    __tablename__ = "rebalancing_plans"

    id: Mapped[uuid.UUID] = _id()
    kind: Mapped[str] = mapped_column(sa.String(20))
    pod_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("pods.id"))
    worker_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("workers.id"))
    state: Mapped[str] = mapped_column(sa.String(20), default="proposed")
    plan: Mapped[dict[str, Any]]
    proposed_by: Mapped[str] = mapped_column(sa.String(200))
    decided_by: Mapped[str | None] = mapped_column(sa.String(200))
    proposed_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
