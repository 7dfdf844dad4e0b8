"""Resources as Blazar's v1 API shows them."""
import datetime

_DATE_FMT = '%Y-%m-%dT%H:%M:%S.%f'
_STAMP_FMT = '%Y-%m-%d %H:%M:%S'


def date(value):
    return value.strftime(_DATE_FMT) if value is not None else None


def stamp(value):
    return value.strftime(_STAMP_FMT) if value is not None else None


def _common(obj):
    return {'created_at': stamp(obj.created_at),
            'updated_at': stamp(obj.updated_at)}


def event(ev):
    return dict(_common(ev), id=ev.id, lease_id=ev.lease_id,
                event_type=ev.event_type, time=date(ev.time),
                status=ev.status)


def reservation(res):
    body = dict(res.values or {})
    body.update(_common(res), id=res.id, lease_id=res.lease_id,
                resource_id=res.resource_id or res.id,
                resource_type=res.resource_type, status=res.status,
                missing_resources=res.missing_resources,
                resources_changed=res.resources_changed)
    if res.status_reason:
        body['status_reason'] = res.status_reason
    return body


def lease(ls):
    body = dict(_common(ls), id=ls.id, name=ls.name,
                start_date=date(ls.start_date), end_date=date(ls.end_date),
                before_end_date=date(ls.before_end_date),
                status=ls.status, degraded=ls.degraded,
                user_id=ls.user_id, project_id=ls.project_id,
                trust_id=ls.trust_id,
                reservations=[reservation(r) for r in ls.reservations],
                events=[event(e) for e in ls.events])
    if ls.status_reason:
        body['status_reason'] = ls.status_reason
    return body


def host(h):
    body = {c.capability_name: c.capability_value
            for c in h.extra_capabilities}
    body.update(_common(h), id=h.id,
                hypervisor_hostname=h.hypervisor_hostname,
                hypervisor_type=h.hypervisor_type,
                hypervisor_version=h.hypervisor_version,
                service_name=h.service_name, cpu_info=h.cpu_info,
                vcpus=h.vcpus, memory_mb=h.memory_mb, local_gb=h.local_gb,
                availability_zone=h.availability_zone,
                reservable=h.reservable, state=h.state,
                trust_id=h.trust_id)
    return body


def pool(p):
    return {'id': p['id'], 'name': p['name'], 'kind': p['kind'],
            'description': p['description'], 'hosts': list(p['hosts']),
            'generation': p['generation'],
            'created_at': stamp(p['created_at']),
            'updated_at': stamp(p['updated_at'])}


def host_allocation(host_id, reservations):
    return {'resource_id': host_id,
            'reservations': [{'id': r['id'], 'lease_id': r['lease_id'],
                              'start_date': date(r['start_date']),
                              'end_date': date(r['end_date'])}
                             for r in reservations]}


def utcnow():
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def adjustment(adj):
    return dict(_common(adj), id=adj.id, host_id=adj.host_id,
                pool_id=adj.pool_id, amounts=adj.amounts,
                start_date=date(adj.start_date), end_date=date(adj.end_date),
                reason=adj.reason, project_id=adj.project_id)


def subscription(sub):
    # The secret is never shown: "signed" tells whether there is one.
    return dict(_common(sub), id=sub.id, project_id=sub.project_id,
                user_id=sub.user_id, url=sub.url,
                filter={'event_types': list(sub.event_types),
                        'resource_ids': list(sub.resource_ids),
                        'resource_types': list(sub.resource_types)},
                signed=bool(sub.secret), cloud_events=sub.cloud_events)


def delivery(dlv, event_uuid, event_type):
    return dict(_common(dlv), id=dlv.id,
                subscription_id=dlv.subscription_id, event_id=event_uuid,
                event_type=event_type, status=dlv.status,
                attempts=dlv.attempts,
                next_attempt_at=date(dlv.next_attempt_at)
                if dlv.status == 'pending' else None,
                last_status_code=dlv.last_status_code,
                last_error=dlv.last_error,
                delivered_at=date(dlv.delivered_at))


# Config keys whose values are credentials: never shown.
_SECRET_WORDS = ('password', 'token', 'secret', 'credential', 'key',
                 'passphrase')


def _masked(value):
    if isinstance(value, dict):
        return {k: ('******' if any(w in str(k).lower()
                                    for w in _SECRET_WORDS) else _masked(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


def provider(p, hosts=0):
    return dict(_common(p), id=p.id, name=p.name, driver=p.driver,
                config=_masked(p.config or {}), is_default=p.is_default,
                hosts=hosts)


def instance(i, host_name=None):
    body = dict(_common(i), id=i.id, name=i.name,
                provider_id=i.provider_id, project_id=i.project_id,
                user_id=i.user_id, flavor=i.flavor, vcpus=i.vcpus,
                memory_mb=i.memory_mb, disk_gb=i.disk_gb, image=i.image,
                networks=i.networks or [], reservation_id=i.reservation_id,
                host_id=i.host_id, host=host_name, server_id=i.server_id,
                status=i.status, status_reason=i.status_reason,
                priority=i.priority, preemptible=i.preemptible)
    return body
