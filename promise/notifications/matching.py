"""Which subscriptions an event goes to. Pure functions over mappings, so
that the rules can be tested without a database."""
import fnmatch

from promise.notifications import catalogue

# Fields of a payload's data naming the resources an event belongs to: a
# subscription to a lease also hears about its reservations, one to a host
# about the capacity adjustments on it.
_PARENT_FIELDS = ('lease_id', 'host_id', 'pool_id')


def related_ids(payload):
    """Ids of the resources the event's resource belongs to."""
    data = (payload or {}).get('promise_object.data') or {}
    return {data[f] for f in _PARENT_FIELDS if data.get(f)}


def visible(subscription, event):
    """A subscription hears of its own project's events and, when granted
    cloud events, of the capacity events of every project."""
    project = event.get('project_id')
    if project is not None and project == subscription['project_id']:
        return True
    return bool(subscription.get('cloud_events')) and \
        catalogue.is_cloud(event['event_type'])


def matches(subscription, event):
    """Whether ``event`` passes the filter of ``subscription``.

    ``subscription``: project_id, cloud_events, event_types (fnmatch
    patterns), resource_types and resource_ids (empty: any).
    ``event``: event_type, project_id, resource_type, resource_id, payload.
    """
    if not visible(subscription, event):
        return False
    event_type = event['event_type']
    if not any(fnmatch.fnmatchcase(event_type, pattern)
               for pattern in subscription['event_types']):
        return False
    types = subscription.get('resource_types') or ()
    if types and event.get('resource_type') not in types:
        return False
    ids = subscription.get('resource_ids') or ()
    if ids:
        own = {event.get('resource_id')} | related_ids(event.get('payload'))
        if not own & set(ids):
            return False
    return True
