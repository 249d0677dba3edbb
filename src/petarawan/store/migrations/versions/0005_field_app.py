"""Field app: idempotent submissions, incident photos and versions, alert workflow, settings.

Revision ID: 0005
Revises: 0006
Create Date: 2026-12-01 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "field_submissions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("user_name", sa.String(length=80), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.String(length=80), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_submissions")),
        sa.UniqueConstraint("key", name=op.f("uq_field_submissions_key")),
    )
    with op.batch_alter_table("field_submissions") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_field_submissions_user_name"), ["user_name"], unique=False
        )
    op.create_table(
        "incident_photos",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_incident_photos_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_photos")),
    )
    with op.batch_alter_table("incident_photos") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_photos_incident_id"), ["incident_id"], unique=False
        )
    op.create_table(
        "workspace_settings",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_workspace_settings")),
    )
    with op.batch_alter_table("incidents") as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
        batch_op.create_index("ix_incidents_occurred_id", ["occurred_at", "id"], unique=False)
        batch_op.create_index(
            "ix_incidents_status_occurred", ["status", "occurred_at"], unique=False
        )
        batch_op.create_index("ix_incidents_phase_occurred", ["phase", "occurred_at"], unique=False)
        batch_op.create_index("ix_incidents_type_occurred", ["type", "occurred_at"], unique=False)
    with op.batch_alter_table("engagements") as batch_op:
        batch_op.add_column(sa.Column("follow_up_done", sa.DateTime(), nullable=True))
    with op.batch_alter_table("alerts") as batch_op:
        batch_op.add_column(
            sa.Column("state", sa.String(length=12), server_default="baru", nullable=False)
        )
        batch_op.add_column(sa.Column("assigned_to", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alerts") as batch_op:
        batch_op.drop_column("updated_at")
        batch_op.drop_column("assigned_to")
        batch_op.drop_column("state")
    with op.batch_alter_table("engagements") as batch_op:
        batch_op.drop_column("follow_up_done")
    with op.batch_alter_table("incidents") as batch_op:
        batch_op.drop_index("ix_incidents_type_occurred")
        batch_op.drop_index("ix_incidents_phase_occurred")
        batch_op.drop_index("ix_incidents_status_occurred")
        batch_op.drop_index("ix_incidents_occurred_id")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("version")
    op.drop_table("workspace_settings")
    with op.batch_alter_table("incident_photos") as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_photos_incident_id"))
    op.drop_table("incident_photos")
    with op.batch_alter_table("field_submissions") as batch_op:
        batch_op.drop_index(batch_op.f("ix_field_submissions_user_name"))
    op.drop_table("field_submissions")
