"""Outbox events: publication to the message bus tracked apart from the
creation of their webhook deliveries.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('outbox_events', sa.Column(
        'bus_published', sa.Boolean, nullable=False,
        server_default=sa.false()))
    op.add_column('outbox_events', sa.Column('bus_claimed_until',
                                             sa.DateTime))
    # Until now an event went to the bus in the transaction that marked
    # it published: those already were.
    events = sa.table('outbox_events', sa.column('published', sa.Boolean),
                      sa.column('bus_published', sa.Boolean))
    op.execute(events.update().where(events.c.published == sa.true())
               .values(bus_published=True))
    op.create_index('ix_outbox_events_bus_published_id', 'outbox_events',
                    ['bus_published', 'id'])


def downgrade():
    op.drop_index('ix_outbox_events_bus_published_id',
                  table_name='outbox_events')
    with op.batch_alter_table('outbox_events') as batch:
        batch.drop_column('bus_claimed_until')
        batch.drop_column('bus_published')
