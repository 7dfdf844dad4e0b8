"""SQLAlchemy models. Alembic migrations are the only way the schema is made;
a test checks that these models and the migrations agree."""
import datetime

from oslo_db.sqlalchemy import models
from oslo_utils import uuidutils
import sqlalchemy as sa
from sqlalchemy import orm


def _uuid():
    return uuidutils.generate_uuid()


def _utcnow():
    # Naive UTC datetimes: every supported database stores them the same way.
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


class Base(orm.DeclarativeBase):
    pass


class _Common(models.ModelBase):
    created_at = sa.Column(sa.DateTime, default=_utcnow, nullable=False)
    updated_at = sa.Column(sa.DateTime, onupdate=_utcnow)

    def to_dict(self):
        return {c.name: getattr(self, c.key) for c in self.__table__.columns}


class Host(_Common, Base):
    """A compute host (a resource provider) that capacity is reserved on."""
    __tablename__ = 'hosts'
    __table_args__ = (
        sa.UniqueConstraint('hypervisor_hostname',
                            name='uniq_hosts0hypervisor_hostname'),
    )

    id = sa.Column(sa.String(36), primary_key=True, default=_uuid)
    hypervisor_hostname = sa.Column(sa.String(255), nullable=False)
    hypervisor_type = sa.Column(sa.String(255))
    hypervisor_version = sa.Column(sa.Integer)
    service_name = sa.Column(sa.String(255))
    cpu_info = sa.Column(sa.Text)
    vcpus = sa.Column(sa.Integer, nullable=False, default=0)
    memory_mb = sa.Column(sa.Integer, nullable=False, default=0)
    local_gb = sa.Column(sa.Integer, nullable=False, default=0)
    availability_zone = sa.Column(sa.String(255))
    provider_id = sa.Column(sa.String(36))
    state = sa.Column(sa.String(16), nullable=False, default='up')
    reservable = sa.Column(sa.Boolean, nullable=False, default=True)
    trust_id = sa.Column(sa.String(36))
    # Bumped by every claim on the host: writers compare-and-swap on it so
    # that two concurrent admissions cannot both take the last capacity.
    generation = sa.Column(sa.Integer, nullable=False, default=0)

    inventories = orm.relationship('HostInventory', lazy='selectin',
                                   cascade='all, delete-orphan')
    extra_capabilities = orm.relationship('HostExtraCapability',
                                          lazy='selectin',
                                          cascade='all, delete-orphan')


class HostInventory(_Common, Base):
    __tablename__ = 'host_inventories'
    __table_args__ = (
        sa.UniqueConstraint('host_id', 'resource_class',
                            name='uniq_host_inventories0host_id0rc'),
    )

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    host_id = sa.Column(sa.String(36), sa.ForeignKey('hosts.id'),
                        nullable=False)
    resource_class = sa.Column(sa.String(255), nullable=False)
    total = sa.Column(sa.Integer, nullable=False)
    reserved = sa.Column(sa.Integer, nullable=False, default=0)
    min_unit = sa.Column(sa.Integer, nullable=False, default=1)
    max_unit = sa.Column(sa.Integer)
    step_size = sa.Column(sa.Integer, nullable=False, default=1)
    allocation_ratio = sa.Column(sa.Float, nullable=False, default=1.0)


class HostExtraCapability(_Common, Base):
    __tablename__ = 'host_extra_capabilities'
    __table_args__ = (
        sa.UniqueConstraint('host_id', 'capability_name',
                            name='uniq_host_extra_capabilities0host0name'),
    )

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    host_id = sa.Column(sa.String(36), sa.ForeignKey('hosts.id'),
                        nullable=False)
    capability_name = sa.Column(sa.String(255), nullable=False)
    capability_value = sa.Column(sa.Text, nullable=False)


class Pool(_Common, Base):
    """A named set of hosts that amount reservations are made against."""
    __tablename__ = 'pools'
    __table_args__ = (
        sa.UniqueConstraint('name', name='uniq_pools0name'),
    )

    id = sa.Column(sa.String(36), primary_key=True, default=_uuid)
    name = sa.Column(sa.String(255), nullable=False)
    kind = sa.Column(sa.String(32), nullable=False, default='custom')
    description = sa.Column(sa.Text)
    generation = sa.Column(sa.Integer, nullable=False, default=0)


class PoolHost(_Common, Base):
    __tablename__ = 'pool_hosts'

    pool_id = sa.Column(sa.String(36), sa.ForeignKey('pools.id'),
                        primary_key=True)
    host_id = sa.Column(sa.String(36), sa.ForeignKey('hosts.id'),
                        primary_key=True)


class Lease(_Common, Base):
    __tablename__ = 'leases'
    __table_args__ = (
        sa.Index('ix_leases_project_id', 'project_id'),
        sa.Index('ix_leases_window', 'start_date', 'end_date'),
    )

    id = sa.Column(sa.String(36), primary_key=True, default=_uuid)
    name = sa.Column(sa.String(80), nullable=False)
    user_id = sa.Column(sa.String(255))
    project_id = sa.Column(sa.String(255))
    start_date = sa.Column(sa.DateTime, nullable=False)
    end_date = sa.Column(sa.DateTime, nullable=False)
    before_end_date = sa.Column(sa.DateTime)
    status = sa.Column(sa.String(32), nullable=False, default='PENDING')
    status_reason = sa.Column(sa.Text)
    degraded = sa.Column(sa.Boolean, nullable=False, default=False)
    trust_id = sa.Column(sa.String(36))
    # Bumped by every change: concurrent updates of one lease are
    # serialised by compare-and-swap on it.
    generation = sa.Column(sa.Integer, nullable=False, default=0)

    reservations = orm.relationship('Reservation', lazy='selectin',
                                    cascade='all, delete-orphan',
                                    order_by='Reservation.created_at')
    events = orm.relationship('Event', lazy='selectin',
                              cascade='all, delete-orphan',
                              order_by='Event.time')


class Reservation(_Common, Base):
    __tablename__ = 'reservations'
    __table_args__ = (
        sa.Index('ix_reservations_lease_id', 'lease_id'),
    )

    id = sa.Column(sa.String(36), primary_key=True, default=_uuid)
    lease_id = sa.Column(sa.String(36), sa.ForeignKey('leases.id'),
                         nullable=False)
    resource_type = sa.Column(sa.String(66), nullable=False)
    resource_id = sa.Column(sa.String(36))
    status = sa.Column(sa.String(13), nullable=False, default='pending')
    status_reason = sa.Column(sa.Text)
    missing_resources = sa.Column(sa.Boolean, nullable=False, default=False)
    resources_changed = sa.Column(sa.Boolean, nullable=False, default=False)
    # The request as its resource plugin validated it (min/max, amount,
    # vcpus, affinity, pool, amounts ...): plugins own its shape.
    values = sa.Column(sa.JSON, nullable=False, default=dict)

    allocations = orm.relationship('Allocation', lazy='selectin',
                                   cascade='all, delete-orphan')


class Allocation(_Common, Base):
    """An amount of one resource class claimed on a host or a pool for the
    window of a reservation."""
    __tablename__ = 'allocations'
    __table_args__ = (
        sa.Index('ix_allocations_host_window', 'host_id', 'start_date',
                 'end_date'),
        sa.Index('ix_allocations_pool_window', 'pool_id', 'start_date',
                 'end_date'),
        sa.Index('ix_allocations_reservation_id', 'reservation_id'),
        sa.Index('ix_allocations_instance_id', 'instance_id'),
    )

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    # A reservation's claim, or (reservation_id NULL) the claim of an
    # instance booted outside any reservation.
    reservation_id = sa.Column(sa.String(36),
                               sa.ForeignKey('reservations.id'))
    instance_id = sa.Column(sa.String(36))
    host_id = sa.Column(sa.String(36), sa.ForeignKey('hosts.id'))
    pool_id = sa.Column(sa.String(36), sa.ForeignKey('pools.id'))
    resource_class = sa.Column(sa.String(255), nullable=False)
    amount = sa.Column(sa.Integer, nullable=False)
    start_date = sa.Column(sa.DateTime, nullable=False)
    end_date = sa.Column(sa.DateTime, nullable=False)


class Provider(_Common, Base):
    """A VIM endpoint (a region) and the driver that speaks to it.

    ``config`` is given to the driver; it holds credentials and is never
    shown by the API.
    """
    __tablename__ = 'providers'
    __table_args__ = (
        sa.UniqueConstraint('name', name='uniq_providers0name'),
    )

    id = sa.Column(sa.String(36), primary_key=True, default=_uuid)
    name = sa.Column(sa.String(255), nullable=False)
    driver = sa.Column(sa.String(255), nullable=False)
    config = sa.Column(sa.JSON, nullable=False, default=dict)
    is_default = sa.Column(sa.Boolean, nullable=False, default=False)


class Instance(_Common, Base):
    """A server booted through Promise, against a reservation or the
    capacity nobody reserved (seed: create-instance)."""
    __tablename__ = 'instances'
    __table_args__ = (
        sa.Index('ix_instances_project_id', 'project_id'),
        sa.Index('ix_instances_reservation_id', 'reservation_id'),
        sa.Index('ix_instances_server_id', 'server_id'),
        sa.Index('ix_instances_host_status', 'host_id', 'status'),
    )

    id = sa.Column(sa.String(36), primary_key=True, default=_uuid)
    provider_id = sa.Column(sa.String(36), sa.ForeignKey('providers.id'),
                            nullable=False)
    name = sa.Column(sa.String(255), nullable=False)
    project_id = sa.Column(sa.String(255))
    user_id = sa.Column(sa.String(255))
    flavor = sa.Column(sa.String(255), nullable=False)
    vcpus = sa.Column(sa.Integer, nullable=False)
    memory_mb = sa.Column(sa.Integer, nullable=False)
    disk_gb = sa.Column(sa.Integer, nullable=False)
    image = sa.Column(sa.String(255))
    networks = sa.Column(sa.JSON, nullable=False, default=list)
    reservation_id = sa.Column(sa.String(36))
    host_id = sa.Column(sa.String(36))
    # The VIM's id of the server, once the VIM accepted the boot.
    server_id = sa.Column(sa.String(255))
    # INITIALIZED, BUILDING, ACTIVE, ERROR, DELETING, DELETED
    status = sa.Column(sa.String(16), nullable=False, default='INITIALIZED')
    status_reason = sa.Column(sa.Text)
    priority = sa.Column(sa.String(8), nullable=False, default='low')
    preemptible = sa.Column(sa.Boolean, nullable=False, default=False)
    # When the capacity it holds is given back (none: when deleted).
    end_date = sa.Column(sa.DateTime)


class Event(_Common, Base):
    """A lease lifecycle event, claimed by exactly one manager."""
    __tablename__ = 'events'
    __table_args__ = (
        sa.Index('ix_events_status_time', 'status', 'time'),
    )

    id = sa.Column(sa.String(36), primary_key=True, default=_uuid)
    lease_id = sa.Column(sa.String(36), sa.ForeignKey('leases.id'),
                         nullable=False)
    event_type = sa.Column(sa.String(66), nullable=False)
    time = sa.Column(sa.DateTime, nullable=False)
    status = sa.Column(sa.String(13), nullable=False, default='UNDONE')
    claimed_by = sa.Column(sa.String(255))
    claimed_at = sa.Column(sa.DateTime)


class CapacityAdjustment(_Common, Base):
    """A planned change of capacity on a host or a pool: amounts per
    resource class (negative for planned downtime) from start to end
    (no end: for good)."""
    __tablename__ = 'capacity_adjustments'
    __table_args__ = (
        sa.Index('ix_capacity_adjustments_host_id', 'host_id'),
        sa.Index('ix_capacity_adjustments_pool_id', 'pool_id'),
    )

    id = sa.Column(sa.String(36), primary_key=True, default=_uuid)
    host_id = sa.Column(sa.String(36), sa.ForeignKey('hosts.id'))
    pool_id = sa.Column(sa.String(36), sa.ForeignKey('pools.id'))
    amounts = sa.Column(sa.JSON, nullable=False)
    start_date = sa.Column(sa.DateTime, nullable=False)
    end_date = sa.Column(sa.DateTime)
    reason = sa.Column(sa.Text)
    project_id = sa.Column(sa.String(255))


# The event sequence: integer, so that it orders events the way they were
# written whatever the precision of the database's timestamps.
_Sequence = sa.BigInteger().with_variant(sa.Integer, 'sqlite')


class OutboxEvent(_Common, Base):
    """A change to notify, written in the transaction that made it: the
    change and its notification commit or roll back together."""
    __tablename__ = 'outbox_events'
    __table_args__ = (
        sa.UniqueConstraint('uuid', name='uniq_outbox_events0uuid'),
        sa.Index('ix_outbox_events_published_id', 'published', 'id'),
        sa.Index('ix_outbox_events_bus_published_id', 'bus_published',
                 'id'),
        sa.Index('ix_outbox_events_created_at', 'created_at'),
    )

    id = sa.Column(_Sequence, primary_key=True, autoincrement=True)
    # What receivers see as the event id (and idempotency key).
    uuid = sa.Column(sa.String(36), nullable=False, default=_uuid)
    event_type = sa.Column(sa.String(255), nullable=False)
    priority = sa.Column(sa.String(16), nullable=False, default='INFO')
    payload = sa.Column(sa.JSON, nullable=False)
    project_id = sa.Column(sa.String(255))
    resource_type = sa.Column(sa.String(64))
    resource_id = sa.Column(sa.String(36))
    # Its webhook deliveries are created (by one transaction, which
    # claims the event by setting this flag).
    published = sa.Column(sa.Boolean, nullable=False, default=False)
    # Sent to the message bus, confirmed; apart from ``published`` so that
    # a broker outage never holds up webhooks. A manager sending it holds
    # it until ``bus_claimed_until``.
    bus_published = sa.Column(sa.Boolean, nullable=False, default=False,
                              server_default=sa.false())
    bus_claimed_until = sa.Column(sa.DateTime)


class Subscription(_Common, Base):
    """A webhook and the filter of the events it wants."""
    __tablename__ = 'subscriptions'
    __table_args__ = (
        sa.Index('ix_subscriptions_project_id', 'project_id'),
    )

    id = sa.Column(sa.String(36), primary_key=True, default=_uuid)
    project_id = sa.Column(sa.String(255), nullable=False)
    user_id = sa.Column(sa.String(255))
    event_types = sa.Column(sa.JSON, nullable=False)
    resource_ids = sa.Column(sa.JSON, nullable=False)
    resource_types = sa.Column(sa.JSON, nullable=False)
    url = sa.Column(sa.String(2048), nullable=False)
    secret = sa.Column(sa.String(255))
    # Capacity, host and pool events of every project, not only the
    # subscriber's own: granted by policy when the subscription is made.
    cloud_events = sa.Column(sa.Boolean, nullable=False, default=False)


class Delivery(_Common, Base):
    """One event to one subscription: pending until its webhook answers
    2xx (delivered) or it has failed too often (dead)."""
    __tablename__ = 'deliveries'
    __table_args__ = (
        sa.UniqueConstraint('subscription_id', 'event_id',
                            name='uniq_deliveries0subscription0event'),
        sa.Index('ix_deliveries_status_next_attempt', 'status',
                 'next_attempt_at'),
        sa.Index('ix_deliveries_event_id', 'event_id'),
    )

    id = sa.Column(_Sequence, primary_key=True, autoincrement=True)
    subscription_id = sa.Column(sa.String(36),
                                sa.ForeignKey('subscriptions.id'),
                                nullable=False)
    event_id = sa.Column(_Sequence, sa.ForeignKey('outbox_events.id'),
                         nullable=False)
    status = sa.Column(sa.String(16), nullable=False, default='pending')
    attempts = sa.Column(sa.Integer, nullable=False, default=0)
    # Also the end of the claim of the manager making the attempt: a claim
    # left by a manager that died runs out and the delivery is due again.
    next_attempt_at = sa.Column(sa.DateTime, nullable=False)
    claimed_by = sa.Column(sa.String(255))
    last_error = sa.Column(sa.Text)
    last_status_code = sa.Column(sa.Integer)
    delivered_at = sa.Column(sa.DateTime)


class PlacementPolicy(_Common, Base):
    """A named set of Datalog rules (Congress syntax) whose ``error``
    rows are violations."""
    __tablename__ = 'placement_policies'
    __table_args__ = (
        sa.UniqueConstraint('name', name='uniq_placement_policies0name'),
    )

    id = sa.Column(sa.String(36), primary_key=True, default=_uuid)
    name = sa.Column(sa.String(255), nullable=False)
    description = sa.Column(sa.Text)
    # Hard: a re-placement plan may never break it (the solver's hard
    # constraints). Proactive: placements that would add a violation are
    # refused at admission.
    hard = sa.Column(sa.Boolean, nullable=False, default=False)
    proactive = sa.Column(sa.Boolean, nullable=False, default=False)
    project_id = sa.Column(sa.String(255))

    rules = orm.relationship('PlacementRule', lazy='selectin',
                             cascade='all, delete-orphan',
                             order_by='PlacementRule.created_at')


class PlacementRule(_Common, Base):
    __tablename__ = 'placement_rules'
    __table_args__ = (
        sa.Index('ix_placement_rules_policy_id', 'policy_id'),
    )

    id = sa.Column(sa.String(36), primary_key=True, default=_uuid)
    policy_id = sa.Column(sa.String(36),
                          sa.ForeignKey('placement_policies.id'),
                          nullable=False)
    name = sa.Column(sa.String(255))
    comment = sa.Column(sa.Text)
    rule = sa.Column(sa.Text, nullable=False)


class ActionPlan(_Common, Base):
    """The outcome of an audit: moves that repair the violations it found,
    their efficacy figures, and, once approved and executed, their
    progress."""
    __tablename__ = 'action_plans'

    id = sa.Column(sa.String(36), primary_key=True, default=_uuid)
    state = sa.Column(sa.String(16), nullable=False, default='RECOMMENDED')
    state_reason = sa.Column(sa.Text)
    # What the audit was asked: policies and scope.
    audit = sa.Column(sa.JSON, nullable=False, default=dict)
    violations = sa.Column(sa.JSON, nullable=False, default=dict)
    efficacy = sa.Column(sa.JSON, nullable=False, default=dict)
    # [{"vm", "server_id", "from", "to", "state", "reason"}] in order.
    moves = sa.Column(sa.JSON, nullable=False, default=list)
    project_id = sa.Column(sa.String(255))
    user_id = sa.Column(sa.String(255))


class PlacementViolation(_Common, Base):
    """A violation seen by the last evaluation: the row marks it notified,
    so that several managers evaluating the same policies tell of each
    violation once."""
    __tablename__ = 'placement_violations'
    __table_args__ = (
        sa.UniqueConstraint('policy_name', 'row_key',
                            name='uniq_placement_violations0policy0row'),
    )

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    policy_name = sa.Column(sa.String(255), nullable=False)
    row_key = sa.Column(sa.String(255), nullable=False)
    row = sa.Column(sa.JSON, nullable=False)
