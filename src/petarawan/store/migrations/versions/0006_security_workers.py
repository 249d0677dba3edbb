"""Security and several workers: login attempts, workspace revision counters and triggers.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-01 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from petarawan.store.revision import ensure_triggers

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("user_name", sa.String(length=80), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_attempts_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_login_attempts_client"), ["client"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_login_attempts_user_name"), ["user_name"], unique=False
        )
    op.create_table(
        "ws_revision",
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("topic", name=op.f("pk_ws_revision")),
    )
    ensure_triggers(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    from petarawan.store.revision import TOPICS

    for names in TOPICS.values():
        for table in names:
            if bind.dialect.name == "sqlite":
                for kind in ("insert", "update", "delete"):
                    op.execute(f"DROP TRIGGER IF EXISTS rev_{table}_{kind}")
            else:
                op.execute(f"DROP TRIGGER IF EXISTS rev_{table} ON {table}")
    if bind.dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS petarawan_bump_revision()")
    op.drop_table("ws_revision")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_attempts_user_name"))
        batch_op.drop_index(batch_op.f("ix_login_attempts_client"))
        batch_op.drop_index(batch_op.f("ix_login_attempts_at"))
    op.drop_table("login_attempts")
