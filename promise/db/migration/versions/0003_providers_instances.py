"""Providers (VIM endpoints) and instances; allocations may belong to an
instance instead of a reservation.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def _timestamps():
    return [sa.Column('created_at', sa.DateTime, nullable=False),
            sa.Column('updated_at', sa.DateTime)]


def upgrade():
    op.create_table(
        'providers',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('driver', sa.String(255), nullable=False),
        sa.Column('config', sa.JSON, nullable=False),
        sa.Column('is_default', sa.Boolean, nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('name', name='uniq_providers0name'),
    )
    op.create_table(
        'instances',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('provider_id', sa.String(36),
                  sa.ForeignKey('providers.id'), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('project_id', sa.String(255)),
        sa.Column('user_id', sa.String(255)),
        sa.Column('flavor', sa.String(255), nullable=False),
        sa.Column('vcpus', sa.Integer, nullable=False),
        sa.Column('memory_mb', sa.Integer, nullable=False),
        sa.Column('disk_gb', sa.Integer, nullable=False),
        sa.Column('image', sa.String(255)),
        sa.Column('networks', sa.JSON, nullable=False),
        sa.Column('reservation_id', sa.String(36)),
        sa.Column('host_id', sa.String(36)),
        sa.Column('server_id', sa.String(255)),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('status_reason', sa.Text),
        sa.Column('priority', sa.String(8), nullable=False),
        sa.Column('preemptible', sa.Boolean, nullable=False),
        sa.Column('end_date', sa.DateTime),
        *_timestamps(),
    )
    op.create_index('ix_instances_project_id', 'instances', ['project_id'])
    op.create_index('ix_instances_reservation_id', 'instances',
                    ['reservation_id'])
    op.create_index('ix_instances_server_id', 'instances', ['server_id'])
    op.create_index('ix_instances_host_status', 'instances',
                    ['host_id', 'status'])
    with op.batch_alter_table('allocations') as batch:
        batch.alter_column('reservation_id', existing_type=sa.String(36),
                           nullable=True)
        batch.add_column(sa.Column('instance_id', sa.String(36)))
        batch.create_index('ix_allocations_instance_id', ['instance_id'])


def downgrade():
    op.execute('DELETE FROM allocations WHERE reservation_id IS NULL')
    with op.batch_alter_table('allocations') as batch:
        batch.drop_index('ix_allocations_instance_id')
        batch.drop_column('instance_id')
        batch.alter_column('reservation_id', existing_type=sa.String(36),
                           nullable=False)
    op.drop_table('instances')
    op.drop_table('providers')
