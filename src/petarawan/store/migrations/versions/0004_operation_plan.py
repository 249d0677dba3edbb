"""Operation plan (Renpam): objects to secure, personnel, stored plans.

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-01 23:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "objects",
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("desa_code", sa.String(length=16), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["desa_code"], ["regions.code"], name=op.f("fk_objects_desa_code_regions")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_objects")),
    )
    with op.batch_alter_table("objects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objects_kind"), ["kind"], unique=False)
    op.create_table(
        "personnel",
        sa.Column("nrp", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("rank", sa.String(length=40), nullable=False),
        sa.Column("unit_code", sa.String(length=40), nullable=False),
        sa.Column("function", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["unit_code"], ["units.code"], name=op.f("fk_personnel_unit_code_units")
        ),
        sa.PrimaryKeyConstraint("nrp", name=op.f("pk_personnel")),
    )
    with op.batch_alter_table("personnel", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_personnel_unit_code"), ["unit_code"], unique=False)
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("author", sa.String(length=80), nullable=True),
        sa.Column("election_id", sa.String(length=40), nullable=True),
        sa.Column("operation_id", sa.String(length=100), nullable=False),
        sa.Column("operation_hash", sa.String(length=64), nullable=False),
        sa.Column("inputs_hash", sa.String(length=64), nullable=False),
        sa.Column("plan_hash", sa.String(length=64), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
    )
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plans_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_plans_election_id"), ["election_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plans_election_id"))
        batch_op.drop_index(batch_op.f("ix_plans_created_at"))
    op.drop_table("plans")
    with op.batch_alter_table("personnel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_personnel_unit_code"))
    op.drop_table("personnel")
    with op.batch_alter_table("objects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objects_kind"))
    op.drop_table("objects")
