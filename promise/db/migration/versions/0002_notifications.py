"""Notifications: the outbox of events, webhook subscriptions and their
deliveries.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# SQLite numbers rows only for INTEGER primary keys.
_SEQUENCE = sa.BigInteger().with_variant(sa.Integer, 'sqlite')


def _timestamps():
    return [sa.Column('created_at', sa.DateTime, nullable=False),
            sa.Column('updated_at', sa.DateTime)]


def upgrade():
    op.create_table(
        'outbox_events',
        sa.Column('id', _SEQUENCE, primary_key=True, autoincrement=True),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('event_type', sa.String(255), nullable=False),
        sa.Column('priority', sa.String(16), nullable=False),
        sa.Column('payload', sa.JSON, nullable=False),
        sa.Column('project_id', sa.String(255)),
        sa.Column('resource_type', sa.String(64)),
        sa.Column('resource_id', sa.String(36)),
        sa.Column('published', sa.Boolean, nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('uuid', name='uniq_outbox_events0uuid'),
    )
    op.create_index('ix_outbox_events_published_id', 'outbox_events',
                    ['published', 'id'])
    op.create_index('ix_outbox_events_created_at', 'outbox_events',
                    ['created_at'])
    op.create_table(
        'subscriptions',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(255)),
        sa.Column('event_types', sa.JSON, nullable=False),
        sa.Column('resource_ids', sa.JSON, nullable=False),
        sa.Column('resource_types', sa.JSON, nullable=False),
        sa.Column('url', sa.String(2048), nullable=False),
        sa.Column('secret', sa.String(255)),
        sa.Column('cloud_events', sa.Boolean, nullable=False),
        *_timestamps(),
    )
    op.create_index('ix_subscriptions_project_id', 'subscriptions',
                    ['project_id'])
    op.create_table(
        'deliveries',
        sa.Column('id', _SEQUENCE, primary_key=True, autoincrement=True),
        sa.Column('subscription_id', sa.String(36),
                  sa.ForeignKey('subscriptions.id'), nullable=False),
        sa.Column('event_id', _SEQUENCE, sa.ForeignKey('outbox_events.id'),
                  nullable=False),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('attempts', sa.Integer, nullable=False),
        sa.Column('next_attempt_at', sa.DateTime, nullable=False),
        sa.Column('claimed_by', sa.String(255)),
        sa.Column('last_error', sa.Text),
        sa.Column('last_status_code', sa.Integer),
        sa.Column('delivered_at', sa.DateTime),
        *_timestamps(),
        sa.UniqueConstraint('subscription_id', 'event_id',
                            name='uniq_deliveries0subscription0event'),
    )
    op.create_index('ix_deliveries_status_next_attempt', 'deliveries',
                    ['status', 'next_attempt_at'])
    op.create_index('ix_deliveries_event_id', 'deliveries', ['event_id'])


def downgrade():
    for table in ('deliveries', 'subscriptions', 'outbox_events'):
        op.drop_table(table)
