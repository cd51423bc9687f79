"""records schema: what people write (entries, subjects, appendments, people, case summary cadences), the view of
allocation's facts and the automatic chronology, and the full-text index of each database.

Revision ID: records_0001
Revises:
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa


revision = "records_0001"
down_revision = None
branch_labels = ("records",)
depends_on = None

# The search index is each database's own (no model declares it; models.UNMANAGED names it). PostgreSQL: a stored
# tsvector, the title weighted above the rest, with a GIN index. SQLite: FTS5 tables kept by triggers.
POSTGRESQL_SEARCH = [
    """ALTER TABLE entries ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(purpose, '')), 'B')
        || to_tsvector('english'::regconfig, coalesce(text, '') || ' ' || coalesce(happened, '') || ' '
            || coalesce(analysis, '') || ' ' || coalesce(next_steps, '') || ' ' || coalesce(appended_text, ''))
    ) STORED""",
    "CREATE INDEX ix_entries_search ON entries USING gin (search_document)",
    """ALTER TABLE chronology ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
        to_tsvector('english'::regconfig, coalesce(decision, '') || ' ' || coalesce(rationale, ''))
    ) STORED""",
    "CREATE INDEX ix_chronology_search ON chronology USING gin (search_document)",
]
_ENTRY_BODY = (
    "coalesce(new.text, '') || ' ' || coalesce(new.happened, '') || ' ' || coalesce(new.analysis, '') || ' ' "
    "|| coalesce(new.next_steps, '') || ' ' || coalesce(new.appended_text, '')"
)
_DECISION_BODY = "coalesce(new.decision, '') || ' ' || coalesce(new.rationale, '')"
SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE entries_fts USING fts5(title, purpose, body, tokenize = 'porter unicode61')",
    f"""CREATE TRIGGER entries_fts_ai AFTER INSERT ON entries BEGIN
        INSERT INTO entries_fts (rowid, title, purpose, body) VALUES (new.rowid, new.title, new.purpose, {_ENTRY_BODY});
    END""",
    f"""CREATE TRIGGER entries_fts_au AFTER UPDATE ON entries BEGIN
        DELETE FROM entries_fts WHERE rowid = old.rowid;
        INSERT INTO entries_fts (rowid, title, purpose, body) VALUES (new.rowid, new.title, new.purpose, {_ENTRY_BODY});
    END""",
    "CREATE TRIGGER entries_fts_ad AFTER DELETE ON entries BEGIN DELETE FROM entries_fts WHERE rowid = old.rowid; END",
    "CREATE VIRTUAL TABLE chronology_fts USING fts5(body, tokenize = 'porter unicode61')",
    f"""CREATE TRIGGER chronology_fts_ai AFTER INSERT ON chronology WHEN new.decision IS NOT NULL BEGIN
        INSERT INTO chronology_fts (rowid, body) VALUES (new.rowid, {_DECISION_BODY});
    END""",
    f"""CREATE TRIGGER chronology_fts_au AFTER UPDATE ON chronology BEGIN
        DELETE FROM chronology_fts WHERE rowid = old.rowid;
        INSERT INTO chronology_fts (rowid, body) SELECT new.rowid, {_DECISION_BODY} WHERE new.decision IS NOT NULL;
    END""",
    "CREATE TRIGGER chronology_fts_ad AFTER DELETE ON chronology BEGIN DELETE FROM chronology_fts WHERE rowid = old.rowid; END",
]


def upgrade() -> None:
    op.create_table(
        "chronology",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=True),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.Column("entry_type", sa.String(length=30), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("significant", sa.Boolean(), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=True),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("chronology", schema=None) as batch_op:
        batch_op.create_index("ix_chronology_story", ["child_id", "occurred_on"], unique=False)

    op.create_table(
        "entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("entry_type", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("purpose", sa.String(length=500), nullable=True),
        sa.Column("significant", sa.Boolean(), nullable=False),
        sa.Column("family_id", sa.Uuid(), nullable=True),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("visit_kind", sa.String(length=20), nullable=True),
        sa.Column("serves_status", sa.String(length=3), nullable=True),
        sa.Column("happened", sa.Text(), nullable=True),
        sa.Column("analysis", sa.Text(), nullable=True),
        sa.Column("next_steps", sa.Text(), nullable=True),
        sa.Column("appended_text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("author_role", sa.String(length=200), nullable=False),
        sa.Column("author_worker_id", sa.Uuid(), nullable=True),
        sa.Column("author_pod_id", sa.Uuid(), nullable=True),
        sa.Column("draft_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("characters", sa.Integer(), nullable=False),
        sa.Column("entered_in_error_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("entered_in_error_by", sa.String(length=200), nullable=True),
        sa.Column("entered_in_error_reason", sa.String(length=1000), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entries_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_entries_drafts", ["status", "author"], unique=False)

    op.create_table(
        "holders",
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("pod_id", sa.Uuid(), nullable=True),
        sa.Column("worker_id", sa.Uuid(), nullable=True),
        sa.Column("case_open", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("child_id"),
    )
    with op.batch_alter_table("holders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_holders_pod_id"), ["pod_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_holders_worker_id"), ["worker_id"], unique=False)

    op.create_table(
        "known_allocations",
        sa.Column("allocation_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("child_id", sa.Uuid(), nullable=True),
        sa.Column("pod_id", sa.Uuid(), nullable=True),
        sa.Column("worker_id", sa.Uuid(), nullable=True),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("entered_in_error", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("allocation_id"),
    )
    with op.batch_alter_table("known_allocations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_known_allocations_child_id"), ["child_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_known_allocations_worker_id"), ["worker_id"], unique=False)

    op.create_table(
        "known_cases",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=True),
        sa.Column("referral_date", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closure_reason", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("case_id"),
    )
    with op.batch_alter_table("known_cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_known_cases_child_id"), ["child_id"], unique=False)

    op.create_table(
        "known_children",
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("la_child_id", sa.String(length=50), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("uasc", sa.Boolean(), nullable=True),
        sa.Column("family_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("child_id"),
    )
    with op.batch_alter_table("known_children", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_known_children_family_id"), ["family_id"], unique=False)

    op.create_table(
        "known_court_proceedings",
        sa.Column("proceedings_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("child_id", sa.Uuid(), nullable=True),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("proceedings_id"),
    )
    with op.batch_alter_table("known_court_proceedings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_known_court_proceedings_child_id"), ["child_id"], unique=False)

    op.create_table(
        "known_covers",
        sa.Column("cover_id", sa.Uuid(), nullable=False),
        sa.Column("worker_id", sa.Uuid(), nullable=True),
        sa.Column("covering_worker_id", sa.Uuid(), nullable=True),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("ended", sa.Date(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("cover_id"),
    )
    with op.batch_alter_table("known_covers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_known_covers_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_known_covers_covering_worker_id"), ["covering_worker_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_known_covers_worker_id"), ["worker_id"], unique=False)

    op.create_table(
        "known_memberships",
        sa.Column("membership_id", sa.Uuid(), nullable=False),
        sa.Column("worker_id", sa.Uuid(), nullable=True),
        sa.Column("pod_id", sa.Uuid(), nullable=True),
        sa.Column("role", sa.String(length=40), nullable=True),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("membership_id"),
    )
    with op.batch_alter_table("known_memberships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_known_memberships_worker_id"), ["worker_id"], unique=False)

    op.create_table(
        "known_pods",
        sa.Column("pod_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("pod_id"),
    )
    op.create_table(
        "known_statuses",
        sa.Column("status_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("child_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=3), nullable=True),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("cp_category", sa.String(length=3), nullable=True),
        sa.Column("legal_status", sa.String(length=2), nullable=True),
        sa.PrimaryKeyConstraint("status_id"),
    )
    with op.batch_alter_table("known_statuses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_known_statuses_child_id"), ["child_id"], unique=False)

    op.create_table(
        "people",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("contact", sa.String(length=500), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "summary_cadences",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_table(
        "appendments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("author_role", sa.String(length=200), nullable=False),
        sa.Column("author_worker_id", sa.Uuid(), nullable=True),
        sa.Column("appended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("appendments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appendments_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "entry_subjects",
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("subject_kind", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("seen", sa.Boolean(), nullable=True),
        sa.Column("seen_alone", sa.Boolean(), nullable=True),
        sa.Column("not_seen_reason", sa.String(length=500), nullable=True),
        sa.Column("not_seen_alone_reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
        ),
        sa.PrimaryKeyConstraint("entry_id", "subject_id"),
    )
    with op.batch_alter_table("entry_subjects", schema=None) as batch_op:
        batch_op.create_index("ix_entry_subjects_story", ["subject_id", "occurred_on"], unique=False)

    op.create_table(
        "family_links",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("family_id", sa.Uuid(), nullable=False),
        sa.Column("relationship", sa.String(length=30), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
        ),
        sa.PrimaryKeyConstraint("person_id", "family_id"),
    )
    with op.batch_alter_table("family_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_family_links_family_id"), ["family_id"], unique=False)
    for statement in POSTGRESQL_SEARCH if op.get_bind().dialect.name == "postgresql" else SQLITE_SEARCH:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE entries_fts")
        op.execute("DROP TABLE chronology_fts")
    with op.batch_alter_table("family_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_links_family_id"))

    op.drop_table("family_links")
    with op.batch_alter_table("entry_subjects", schema=None) as batch_op:
        batch_op.drop_index("ix_entry_subjects_story")

    op.drop_table("entry_subjects")
    with op.batch_alter_table("appendments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appendments_entry_id"))

    op.drop_table("appendments")
    op.drop_table("summary_cadences")
    op.drop_table("people")
    with op.batch_alter_table("known_statuses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_known_statuses_child_id"))

    op.drop_table("known_statuses")
    op.drop_table("known_pods")
    with op.batch_alter_table("known_memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_known_memberships_worker_id"))

    op.drop_table("known_memberships")
    with op.batch_alter_table("known_covers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_known_covers_worker_id"))
        batch_op.drop_index(batch_op.f("ix_known_covers_covering_worker_id"))
        batch_op.drop_index(batch_op.f("ix_known_covers_case_id"))

    op.drop_table("known_covers")
    with op.batch_alter_table("known_court_proceedings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_known_court_proceedings_child_id"))

    op.drop_table("known_court_proceedings")
    with op.batch_alter_table("known_children", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_known_children_family_id"))

    op.drop_table("known_children")
    with op.batch_alter_table("known_cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_known_cases_child_id"))

    op.drop_table("known_cases")
    with op.batch_alter_table("known_allocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_known_allocations_worker_id"))
        batch_op.drop_index(batch_op.f("ix_known_allocations_child_id"))

    op.drop_table("known_allocations")
    with op.batch_alter_table("holders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_holders_worker_id"))
        batch_op.drop_index(batch_op.f("ix_holders_pod_id"))

    op.drop_table("holders")
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index("ix_entries_drafts")
        batch_op.drop_index(batch_op.f("ix_entries_case_id"))

    op.drop_table("entries")
    with op.batch_alter_table("chronology", schema=None) as batch_op:
        batch_op.drop_index("ix_chronology_story")

    op.drop_table("chronology")
