"""Initial schema: hosts, pools, leases, reservations, allocations, events,
capacity adjustments.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def _timestamps():
    return [sa.Column('created_at', sa.DateTime, nullable=False),
            sa.Column('updated_at', sa.DateTime)]


def upgrade():
    op.create_table(
        'hosts',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('hypervisor_hostname', sa.String(255), nullable=False),
        sa.Column('hypervisor_type', sa.String(255)),
        sa.Column('hypervisor_version', sa.Integer),
        sa.Column('service_name', sa.String(255)),
        sa.Column('cpu_info', sa.Text),
        sa.Column('vcpus', sa.Integer, nullable=False),
        sa.Column('memory_mb', sa.Integer, nullable=False),
        sa.Column('local_gb', sa.Integer, nullable=False),
        sa.Column('availability_zone', sa.String(255)),
        sa.Column('provider_id', sa.String(36)),
        sa.Column('state', sa.String(16), nullable=False),
        sa.Column('reservable', sa.Boolean, nullable=False),
        sa.Column('trust_id', sa.String(36)),
        sa.Column('generation', sa.Integer, nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('hypervisor_hostname',
                            name='uniq_hosts0hypervisor_hostname'),
    )
    op.create_table(
        'host_inventories',
        sa.Column('id', sa.Integer, primary_key=True, autoincrement=True),
        sa.Column('host_id', sa.String(36), sa.ForeignKey('hosts.id'),
                  nullable=False),
        sa.Column('resource_class', sa.String(255), nullable=False),
        sa.Column('total', sa.Integer, nullable=False),
        sa.Column('reserved', sa.Integer, nullable=False),
        sa.Column('min_unit', sa.Integer, nullable=False),
        sa.Column('max_unit', sa.Integer),
        sa.Column('step_size', sa.Integer, nullable=False),
        sa.Column('allocation_ratio', sa.Float, nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('host_id', 'resource_class',
                            name='uniq_host_inventories0host_id0rc'),
    )
    op.create_table(
        'host_extra_capabilities',
        sa.Column('id', sa.Integer, primary_key=True, autoincrement=True),
        sa.Column('host_id', sa.String(36), sa.ForeignKey('hosts.id'),
                  nullable=False),
        sa.Column('capability_name', sa.String(255), nullable=False),
        sa.Column('capability_value', sa.Text, nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('host_id', 'capability_name',
                            name='uniq_host_extra_capabilities0host0name'),
    )
    op.create_table(
        'pools',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('kind', sa.String(32), nullable=False),
        sa.Column('description', sa.Text),
        sa.Column('generation', sa.Integer, nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('name', name='uniq_pools0name'),
    )
    op.create_table(
        'pool_hosts',
        sa.Column('pool_id', sa.String(36), sa.ForeignKey('pools.id'),
                  primary_key=True),
        sa.Column('host_id', sa.String(36), sa.ForeignKey('hosts.id'),
                  primary_key=True),
        *_timestamps(),
    )
    op.create_table(
        'leases',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('name', sa.String(80), nullable=False),
        sa.Column('user_id', sa.String(255)),
        sa.Column('project_id', sa.String(255)),
        sa.Column('start_date', sa.DateTime, nullable=False),
        sa.Column('end_date', sa.DateTime, nullable=False),
        sa.Column('before_end_date', sa.DateTime),
        sa.Column('status', sa.String(32), nullable=False),
        sa.Column('status_reason', sa.Text),
        sa.Column('degraded', sa.Boolean, nullable=False),
        sa.Column('trust_id', sa.String(36)),
        sa.Column('generation', sa.Integer, nullable=False),
        *_timestamps(),
    )
    op.create_index('ix_leases_project_id', 'leases', ['project_id'])
    op.create_index('ix_leases_window', 'leases', ['start_date', 'end_date'])
    op.create_table(
        'reservations',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('lease_id', sa.String(36), sa.ForeignKey('leases.id'),
                  nullable=False),
        sa.Column('resource_type', sa.String(66), nullable=False),
        sa.Column('resource_id', sa.String(36)),
        sa.Column('status', sa.String(13), nullable=False),
        sa.Column('status_reason', sa.Text),
        sa.Column('missing_resources', sa.Boolean, nullable=False),
        sa.Column('resources_changed', sa.Boolean, nullable=False),
        sa.Column('values', sa.JSON, nullable=False),
        *_timestamps(),
    )
    op.create_index('ix_reservations_lease_id', 'reservations', ['lease_id'])
    op.create_table(
        'allocations',
        sa.Column('id', sa.Integer, primary_key=True, autoincrement=True),
        sa.Column('reservation_id', sa.String(36),
                  sa.ForeignKey('reservations.id'), nullable=False),
        sa.Column('host_id', sa.String(36), sa.ForeignKey('hosts.id')),
        sa.Column('pool_id', sa.String(36), sa.ForeignKey('pools.id')),
        sa.Column('resource_class', sa.String(255), nullable=False),
        sa.Column('amount', sa.Integer, nullable=False),
        sa.Column('start_date', sa.DateTime, nullable=False),
        sa.Column('end_date', sa.DateTime, nullable=False),
        *_timestamps(),
    )
    op.create_index('ix_allocations_host_window', 'allocations',
                    ['host_id', 'start_date', 'end_date'])
    op.create_index('ix_allocations_pool_window', 'allocations',
                    ['pool_id', 'start_date', 'end_date'])
    op.create_index('ix_allocations_reservation_id', 'allocations',
                    ['reservation_id'])
    op.create_table(
        'events',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('lease_id', sa.String(36), sa.ForeignKey('leases.id'),
                  nullable=False),
        sa.Column('event_type', sa.String(66), nullable=False),
        sa.Column('time', sa.DateTime, nullable=False),
        sa.Column('status', sa.String(13), nullable=False),
        sa.Column('claimed_by', sa.String(255)),
        sa.Column('claimed_at', sa.DateTime),
        *_timestamps(),
    )
    op.create_index('ix_events_status_time', 'events', ['status', 'time'])
    op.create_table(
        'capacity_adjustments',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('host_id', sa.String(36), sa.ForeignKey('hosts.id')),
        sa.Column('pool_id', sa.String(36), sa.ForeignKey('pools.id')),
        sa.Column('amounts', sa.JSON, nullable=False),
        sa.Column('start_date', sa.DateTime, nullable=False),
        sa.Column('end_date', sa.DateTime),
        sa.Column('reason', sa.Text),
        sa.Column('project_id', sa.String(255)),
        *_timestamps(),
    )
    op.create_index('ix_capacity_adjustments_host_id',
                    'capacity_adjustments', ['host_id'])
    op.create_index('ix_capacity_adjustments_pool_id',
                    'capacity_adjustments', ['pool_id'])


def downgrade():
    for table in ('capacity_adjustments', 'events', 'allocations',
                  'reservations', 'leases', 'pool_hosts', 'pools',
                  'host_extra_capabilities', 'host_inventories', 'hosts'):
        op.drop_table(table)
