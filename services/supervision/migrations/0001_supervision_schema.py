"""supervision schema: the view of allocation (pods, memberships, children, cases, statuses, allocations) and the
service's own records (schedules, sessions, attendees, discussions, decisions, scores, actions, addenda,
reflective practice groups, case audits); the platform tables come from the shared platform branch

Revision ID: supervision_0001
Revises:
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "supervision_0001"
down_revision = None
branch_labels = ("supervision",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "allocations",
        sa.Column("allocation_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("pod_id", sa.Uuid(), nullable=True),
        sa.Column("worker_id", sa.Uuid(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("entered_in_error", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("allocation_id"),
    )
    op.create_index("allocations_by_pod", "allocations", ["pod_id", "start_date"], unique=False)
    op.create_index(op.f("ix_allocations_case_id"), "allocations", ["case_id"], unique=False)
    op.create_index(op.f("ix_allocations_child_id"), "allocations", ["child_id"], unique=False)
    op.create_table(
        "case_audits",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("pod_id", sa.Uuid(), nullable=False),
        sa.Column("worker_id", sa.Uuid(), nullable=False),
        sa.Column("manager_id", sa.Uuid(), nullable=False),
        sa.Column("quarter", sa.String(length=7), nullable=False),
        sa.Column("audited_on", sa.Date(), nullable=False),
        sa.Column("grades", sa.JSON(), nullable=False),
        sa.Column("overall_grade", sa.String(length=30), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("done_well", sa.Text(), nullable=False),
        sa.Column("must_improve", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("case_audits_by_quarter", "case_audits", ["quarter", "pod_id"], unique=False)
    op.create_index(op.f("ix_case_audits_child_id"), "case_audits", ["child_id"], unique=False)
    op.create_table(
        "cases",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("referral_date", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_index(op.f("ix_cases_child_id"), "cases", ["child_id"], unique=False)
    op.create_table(
        "children",
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("la_child_id", sa.String(length=50), nullable=True),
        sa.Column("family_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("child_id"),
    )
    op.create_table(
        "memberships",
        sa.Column("membership_id", sa.Uuid(), nullable=False),
        sa.Column("worker_id", sa.Uuid(), nullable=False),
        sa.Column("pod_id", sa.Uuid(), nullable=True),
        sa.Column("role", sa.String(length=40), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("membership_id"),
    )
    op.create_index(op.f("ix_memberships_pod_id"), "memberships", ["pod_id"], unique=False)
    op.create_index(op.f("ix_memberships_worker_id"), "memberships", ["worker_id"], unique=False)
    op.create_table(
        "pods",
        sa.Column("pod_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("pod_id"),
    )
    op.create_table(
        "reflective_groups",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("pod_id", sa.Uuid(), nullable=True),
        sa.Column("facilitator_id", sa.Uuid(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "schedules",
        sa.Column("pod_id", sa.Uuid(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("every_weeks", sa.Integer(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("pod_id"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("pod_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("scheduled_for", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=True),
        sa.Column("supervisee_id", sa.Uuid(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("facilitator_id", sa.Uuid(), nullable=True),
        sa.Column("cancelled_reason", sa.String(length=500), nullable=True),
        sa.Column("signed_off_by", sa.String(length=200), nullable=True),
        sa.Column("signed_off_worker_id", sa.Uuid(), nullable=True),
        sa.Column("signed_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "one_group_session_per_pod_per_day",
        "sessions",
        ["pod_id", "scheduled_for"],
        unique=True,
        postgresql_where=sa.text("kind = 'group' AND state <> 'cancelled'"),
        sqlite_where=sa.text("kind = 'group' AND state <> 'cancelled'"),
    )
    op.create_index("sessions_by_pod", "sessions", ["pod_id", "scheduled_for"], unique=False)
    op.create_table(
        "status_periods",
        sa.Column("status_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=3), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("status_id"),
    )
    op.create_index(op.f("ix_status_periods_case_id"), "status_periods", ["case_id"], unique=False)
    op.create_table(
        "workers",
        sa.Column("worker_id", sa.Uuid(), nullable=False),
        sa.Column("registration_number", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("worker_id"),
    )
    op.create_table(
        "addenda",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=True),
        sa.Column("decision_id", sa.Uuid(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_by", sa.String(length=200), nullable=False),
        sa.Column("written_on", sa.Date(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_addenda_session_id"), "addenda", ["session_id"], unique=False)
    op.create_table(
        "attendees",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("worker_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("visiting_from_pod_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
        ),
        sa.PrimaryKeyConstraint("session_id", "worker_id"),
    )
    op.create_table(
        "discussions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("pod_id", sa.Uuid(), nullable=False),
        sa.Column("discussed_on", sa.Date(), nullable=False),
        sa.Column("harm", sa.Text(), nullable=False),
        sa.Column("complicating_factors", sa.Text(), nullable=False),
        sa.Column("danger_statement", sa.Text(), nullable=False),
        sa.Column("strengths", sa.Text(), nullable=False),
        sa.Column("existing_safety", sa.Text(), nullable=False),
        sa.Column("safety_goals", sa.Text(), nullable=False),
        sa.Column("next_steps", sa.Text(), nullable=False),
        sa.Column("hypotheses", sa.Text(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("dissent", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_discussions_session_id"), "discussions", ["session_id"], unique=False)
    op.create_table(
        "reflective_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("facilitator_id", sa.Uuid(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["reflective_groups.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "held_on", name="one_reflective_session_per_group_per_day"),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("discussion_id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("pod_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("set_on", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closing_note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["discussion_id"],
            ["discussions.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("actions_by_child", "actions", ["child_id", "due_date"], unique=False)
    op.create_index("actions_by_pod", "actions", ["pod_id", "status", "due_date"], unique=False)
    op.create_index(op.f("ix_actions_discussion_id"), "actions", ["discussion_id"], unique=False)
    op.create_table(
        "discussed_children",
        sa.Column("decision_id", sa.Uuid(), nullable=False),
        sa.Column("discussion_id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("worker_id", sa.Uuid(), nullable=True),
        sa.Column("discussed_on", sa.Date(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["discussion_id"],
            ["discussions.id"],
        ),
        sa.PrimaryKeyConstraint("decision_id"),
        sa.UniqueConstraint("session_id", "child_id", name="one_discussion_per_child_per_session"),
    )
    op.create_index("discussed_children_by_child", "discussed_children", ["child_id", "discussed_on"], unique=False)
    op.create_index(op.f("ix_discussed_children_discussion_id"), "discussed_children", ["discussion_id"], unique=False)
    op.create_table(
        "reflective_attendance",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("worker_id", sa.Uuid(), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["reflective_sessions.id"],
        ),
        sa.PrimaryKeyConstraint("session_id", "worker_id"),
    )
    op.create_table(
        "scores",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("discussion_id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("voice", sa.String(length=20), nullable=False),
        sa.Column("question", sa.String(length=30), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("scored_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["discussion_id"],
            ["discussions.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("discussion_id", "child_id", "voice", "question", name="one_score_per_voice"),
    )
    op.create_index(op.f("ix_scores_discussion_id"), "scores", ["discussion_id"], unique=False)
    op.create_index("scores_by_child", "scores", ["child_id", "question", "voice", "scored_on"], unique=False)


def downgrade() -> None:
    op.drop_index("scores_by_child", table_name="scores")
    op.drop_index(op.f("ix_scores_discussion_id"), table_name="scores")
    op.drop_table("scores")
    op.drop_table("reflective_attendance")
    op.drop_index(op.f("ix_discussed_children_discussion_id"), table_name="discussed_children")
    op.drop_index("discussed_children_by_child", table_name="discussed_children")
    op.drop_table("discussed_children")
    op.drop_index(op.f("ix_actions_discussion_id"), table_name="actions")
    op.drop_index("actions_by_pod", table_name="actions")
    op.drop_index("actions_by_child", table_name="actions")
    op.drop_table("actions")
    op.drop_table("reflective_sessions")
    op.drop_index(op.f("ix_discussions_session_id"), table_name="discussions")
    op.drop_table("discussions")
    op.drop_table("attendees")
    op.drop_index(op.f("ix_addenda_session_id"), table_name="addenda")
    op.drop_table("addenda")
    op.drop_table("workers")
    op.drop_index(op.f("ix_status_periods_case_id"), table_name="status_periods")
    op.drop_table("status_periods")
    op.drop_index("sessions_by_pod", table_name="sessions")
    op.drop_index(
        "one_group_session_per_pod_per_day",
        table_name="sessions",
        postgresql_where=sa.text("kind = 'group' AND state <> 'cancelled'"),
        sqlite_where=sa.text("kind = 'group' AND state <> 'cancelled'"),
    )
    op.drop_table("sessions")
    op.drop_table("schedules")
    op.drop_table("reflective_groups")
    op.drop_table("pods")
    op.drop_index(op.f("ix_memberships_worker_id"), table_name="memberships")
    op.drop_index(op.f("ix_memberships_pod_id"), table_name="memberships")
    op.drop_table("memberships")
    op.drop_table("children")
    op.drop_index(op.f("ix_cases_child_id"), table_name="cases")
    op.drop_table("cases")
    op.drop_index(op.f("ix_case_audits_child_id"), table_name="case_audits")
    op.drop_index("case_audits_by_quarter", table_name="case_audits")
    op.drop_table("case_audits")
    op.drop_index(op.f("ix_allocations_child_id"), table_name="allocations")
    op.drop_index(op.f("ix_allocations_case_id"), table_name="allocations")
    op.drop_index("allocations_by_pod", table_name="allocations")
    op.drop_table("allocations")
