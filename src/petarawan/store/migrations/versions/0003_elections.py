"""Elections: TPS lists, indicator values and assessments belong to one election.

Revision ID: 0003
Revises: 0005 (the chain on main when this landed: 0001 → 0002 → 0004 → 0006 → 0005 → 0003)

A workspace written before this revision holds one TPS list without an election. Its data become
one election, named after the election its incident history mentions most (``pemilu2024`` …) or,
when there is none, ``pemilihan``; ``Workspace.open`` reports which one in its notes.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0005"
branch_labels = None
depends_on = None

# The elections this revision can name from an incident log (frozen copy: a migration does not
# import application code that may change later).
_KNOWN: dict[str, tuple[str, str, date, list[str]]] = {
    "pemilu2019": ("Pemilu 2019", "pemilu", date(2019, 4, 17), []),
    "pemilu2024": ("Pemilu 2024", "pemilu", date(2024, 2, 14), []),
    "pilkada2020": ("Pilkada Serentak 2020", "pilkada", date(2020, 12, 9), ["bupati_walikota"]),
    "pilkada2024": (
        "Pilkada Serentak 2024",
        "pilkada",
        date(2024, 11, 27),
        ["gubernur", "bupati_walikota"],
    ),
}
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
FALLBACK_ID = "pemilihan"


def _migrated_election(conn: sa.Connection) -> str | None:
    """The id of the election the existing data become (None for an empty workspace)."""
    has_data = any(
        conn.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar()
        for t in ("tps", "indicator_values", "assessments")
    )
    if not has_data:
        return None
    rows = conn.execute(
        sa.text(
            "SELECT election, COUNT(*) AS n FROM incidents WHERE election IS NOT NULL "
            "GROUP BY election ORDER BY n DESC, election"
        )
    ).all()
    for value, _n in rows:
        ident = str(value).strip().lower().replace(" ", "")
        if ident in _KNOWN or _ID.match(ident):
            return ident
    return FALLBACK_ID


def upgrade() -> None:
    op.create_table(
        "elections",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("voting_date", sa.Date(), nullable=True),
        sa.Column("contests", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_elections")),
    )
    conn = op.get_bind()
    ident = _migrated_election(conn)
    if ident is not None:
        name, kind, when, contests = _KNOWN.get(
            ident, ("Pemilihan (dari workspace sebelum versi pemilihan)", "pilkada", None, [])
        )
        elections = sa.table(
            "elections",
            sa.column("id", sa.String),
            sa.column("name", sa.String),
            sa.column("kind", sa.String),
            sa.column("voting_date", sa.Date),
            sa.column("contests", sa.JSON),
            sa.column("created_at", sa.DateTime),
        )
        op.bulk_insert(
            elections,
            [
                {
                    "id": ident,
                    "name": name,
                    "kind": kind,
                    "voting_date": when,
                    "contests": contests,
                    "created_at": datetime.now(UTC).replace(tzinfo=None),
                }
            ],
        )
    fill = ident or FALLBACK_ID

    with op.batch_alter_table("tps", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("election_id", sa.String(length=40), nullable=False, server_default=fill)
        )
        batch_op.add_column(sa.Column("provenance", sa.JSON(), nullable=True))
    with op.batch_alter_table("tps", schema=None) as batch_op:
        batch_op.alter_column("election_id", server_default=None)
        batch_op.drop_constraint("pk_tps", type_="primary")
        batch_op.create_primary_key("pk_tps", ["election_id", "tps_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_tps_election_id_elections"), "elections", ["election_id"], ["id"]
        )

    with op.batch_alter_table("indicator_values", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("election_id", sa.String(length=40), nullable=False, server_default=fill)
        )
    with op.batch_alter_table("indicator_values", schema=None) as batch_op:
        batch_op.alter_column("election_id", server_default=None)
        batch_op.drop_constraint("pk_indicator_values", type_="primary")
        batch_op.create_primary_key(
            "pk_indicator_values", ["election_id", "level", "code", "indicator"]
        )

    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("election_id", sa.String(length=40), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_assessments_election_id"), ["election_id"], unique=False
        )
    if ident is not None:
        conn.execute(sa.text("UPDATE assessments SET election_id = :e"), {"e": ident})
        # plans stored before elections existed (revision 0004) belong to the same election
        conn.execute(
            sa.text("UPDATE plans SET election_id = :e WHERE election_id IS NULL"), {"e": ident}
        )

    op.create_table(
        "tps_links",
        sa.Column("from_election", sa.String(length=40), nullable=False),
        sa.Column("from_tps", sa.String(length=13), nullable=False),
        sa.Column("to_election", sa.String(length=40), nullable=False),
        sa.Column("to_tps", sa.String(length=13), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_election"],
            ["elections.id"],
            name=op.f("fk_tps_links_from_election_elections"),
        ),
        sa.ForeignKeyConstraint(
            ["to_election"], ["elections.id"], name=op.f("fk_tps_links_to_election_elections")
        ),
        sa.PrimaryKeyConstraint(
            "from_election", "from_tps", "to_election", "to_tps", name=op.f("pk_tps_links")
        ),
    )

    op.create_table(
        "dynamics",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("election_id", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=12), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("valid_from", sa.DateTime(), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"], ["elections.id"], name=op.f("fk_dynamics_election_id_elections")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dynamics")),
    )
    with op.batch_alter_table("dynamics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dynamics_election_id"), ["election_id"], unique=False)


def downgrade() -> None:
    conn = op.get_bind()
    keep = conn.execute(
        sa.text(
            "SELECT election_id FROM tps GROUP BY election_id ORDER BY COUNT(*) DESC, election_id"
        )
    ).scalar()
    with op.batch_alter_table("dynamics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dynamics_election_id"))
    op.drop_table("dynamics")
    op.drop_table("tps_links")
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessments_election_id"))
        batch_op.drop_column("election_id")
    if keep is not None:  # one TPS list survives: the largest
        conn.execute(sa.text("DELETE FROM tps WHERE election_id <> :e"), {"e": keep})
        conn.execute(sa.text("DELETE FROM indicator_values WHERE election_id <> :e"), {"e": keep})
    with op.batch_alter_table("indicator_values", schema=None) as batch_op:
        batch_op.drop_constraint("pk_indicator_values", type_="primary")
        batch_op.create_primary_key("pk_indicator_values", ["level", "code", "indicator"])
        batch_op.drop_column("election_id")
    with op.batch_alter_table("tps", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_tps_election_id_elections"), type_="foreignkey")
        batch_op.drop_constraint("pk_tps", type_="primary")
        batch_op.create_primary_key("pk_tps", ["tps_id"])
        batch_op.drop_column("provenance")
        batch_op.drop_column("election_id")
    op.drop_table("elections")
