"""Placement policies, their rules, and action plans.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _timestamps():
    return [sa.Column('created_at', sa.DateTime, nullable=False),
            sa.Column('updated_at', sa.DateTime)]


def upgrade():
    op.create_table(
        'placement_policies',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('description', sa.Text),
        sa.Column('hard', sa.Boolean, nullable=False),
        sa.Column('proactive', sa.Boolean, nullable=False),
        sa.Column('project_id', sa.String(255)),
        *_timestamps(),
        sa.UniqueConstraint('name', name='uniq_placement_policies0name'),
    )
    op.create_table(
        'placement_rules',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('policy_id', sa.String(36),
                  sa.ForeignKey('placement_policies.id'), nullable=False),
        sa.Column('name', sa.String(255)),
        sa.Column('comment', sa.Text),
        sa.Column('rule', sa.Text, nullable=False),
        *_timestamps(),
    )
    op.create_index('ix_placement_rules_policy_id', 'placement_rules',
                    ['policy_id'])
    op.create_table(
        'action_plans',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('state', sa.String(16), nullable=False),
        sa.Column('state_reason', sa.Text),
        sa.Column('audit', sa.JSON, nullable=False),
        sa.Column('violations', sa.JSON, nullable=False),
        sa.Column('efficacy', sa.JSON, nullable=False),
        sa.Column('moves', sa.JSON, nullable=False),
        sa.Column('project_id', sa.String(255)),
        sa.Column('user_id', sa.String(255)),
        *_timestamps(),
    )
    op.create_table(
        'placement_violations',
        sa.Column('id', sa.Integer, primary_key=True, autoincrement=True),
        sa.Column('policy_name', sa.String(255), nullable=False),
        sa.Column('row_key', sa.String(255), nullable=False),
        sa.Column('row', sa.JSON, nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('policy_name', 'row_key',
                            name='uniq_placement_violations0policy0row'),
    )


def downgrade():
    op.drop_table('placement_violations')
    op.drop_table('action_plans')
    op.drop_table('placement_rules')
    op.drop_table('placement_policies')
