"""Translation of Nova's versioned notifications into VIMEvents.

data/nova_versioned_notifications.json holds notifications the real Nova
emitted in test_nova_driver's functional scenarios (tracebacks trimmed);
the edge cases below start from them.
"""
import copy
import datetime
import json
import os

import oslo_messaging
import testtools

from promise.vim import base
from promise.vim import nova_listener
from promise.vim import nova_notifications as nn
from promise.vim import nova_states

with open(os.path.join(os.path.dirname(__file__), 'data',
                       'nova_versioned_notifications.json')) as _f:
    REAL = json.load(_f)


def real(key):
    note = copy.deepcopy(REAL[key])
    return note['event_type'], note['payload']


def data(payload):
    return payload['nova_object.data']


class TestInstanceEvents(testtools.TestCase):

    def test_create_end(self):
        event_type, payload = real('instance.create.end')
        event = nn.translate(event_type, payload)
        self.assertEqual(
            (base.INSTANCE_CREATE_END, data(payload)['uuid'], 'host2',
             base.ACTIVE, None),
            (event.event_type, event.server_id, event.host, event.state,
             event.fault))
        self.assertEqual('m1.small',
                         event.payload['flavor']['nova_object.data']['name'])
        self.assertEqual(event_type, event.payload['nova_event_type'])

    def test_host_is_the_node(self):
        # The contract names hypervisors: a compute service may run
        # several nodes, and the node is the hypervisor_hostname.
        event_type, payload = real('instance.create.end')
        data(payload)['node'] = 'node-7.example'
        self.assertEqual('node-7.example',
                         nn.translate(event_type, payload).host)
        data(payload)['node'] = None
        self.assertEqual('host2', nn.translate(event_type, payload).host)

    def test_create_error_is_error_with_nova_fault(self):
        event_type, payload = real('instance.create.error')
        self.assertEqual('building', data(payload)['state'])
        event = nn.translate(event_type, payload)
        self.assertEqual((base.INSTANCE_CREATE_ERROR, base.ERROR,
                          'hypervisor refused the guest'),
                         (event.event_type, event.state, event.fault))

    def test_fault_without_message_names_the_exception(self):
        event_type, payload = real('instance.create.error')
        data(data(payload)['fault'])['exception_message'] = ''
        self.assertEqual('RuntimeError',
                         nn.translate(event_type, payload).fault)

    def test_no_valid_host_is_a_create_error(self):
        event_type, payload = real('compute_task.build_instances.error')
        event = nn.translate(event_type, payload)
        self.assertEqual(
            (base.INSTANCE_CREATE_ERROR, data(payload)['instance_uuid'],
             base.ERROR, None),
            (event.event_type, event.server_id, event.state, event.host))
        self.assertIn('No valid host', event.fault)

    def test_delete_end(self):
        event = nn.translate(*real('instance.delete.end'))
        self.assertEqual((base.INSTANCE_DELETE_END, base.DELETED),
                         (event.event_type, event.state))

    def test_shelve_offload_frees_the_host(self):
        event_type, payload = real('instance.shelve_offload.end')
        data(payload)['host'] = data(payload)['node'] = 'host1'
        event = nn.translate(event_type, payload)
        self.assertEqual((base.INSTANCE_SHELVE_END, base.SHELVED, None),
                         (event.event_type, event.state, event.host))

    def test_live_migration_end_names_the_destination(self):
        event = nn.translate(*real('instance.live_migration_post_dest.end'))
        self.assertEqual((base.INSTANCE_LIVE_MIGRATION_END, base.ACTIVE,
                          'host1'),
                         (event.event_type, event.state, event.host))

    def test_source_side_post_end_is_not_read(self):
        # Nova emits it after the destination's end, still naming the
        # source host and the migrating task state.
        event_type, payload = real('instance.live_migration_post.end')
        self.assertEqual(('host2', 'migrating'),
                         (data(payload)['node'], data(payload)['task_state']))
        self.assertIsNone(nn.translate(event_type, payload))

    def test_rollback_and_abort_are_migration_errors(self):
        _, payload = real('instance.live_migration_post.end')
        data(payload)['task_state'] = None
        for event_type in ('instance.live_migration_rollback.end',
                           'instance.live_migration_abort.end'):
            event = nn.translate(event_type, payload)
            self.assertEqual((base.INSTANCE_LIVE_MIGRATION_ERROR,
                              base.ACTIVE, 'host2'),
                             (event.event_type, event.state, event.host))

    def test_update_states(self):
        cases = {'instance.update:spawning': base.BUILDING,
                 'instance.update:migrating': base.MIGRATING,
                 'instance.update:shelving_offloading': base.SHELVED,
                 'instance.update:None': base.ERROR}
        for key, state in cases.items():
            event = nn.translate(*real(key))
            self.assertEqual((base.INSTANCE_UPDATE, state),
                             (event.event_type, event.state), key)

    def test_newer_payload_version_with_more_fields(self):
        event_type, payload = real('instance.create.end')
        payload['nova_object.version'] = '9.9'
        data(payload)['field_of_the_future'] = {'x': 1}
        event = nn.translate(event_type, payload)
        self.assertEqual(base.ACTIVE, event.state)

    def test_without_a_server_id_nothing(self):
        event_type, payload = real('instance.create.end')
        del data(payload)['uuid']
        self.assertIsNone(nn.translate(event_type, payload))

    def test_other_events_are_not_translated(self):
        _, payload = real('instance.create.end')
        for event_type in ('instance.create.start', 'instance.exists',
                           'instance.create.endx', 'compute.exception'):
            self.assertIsNone(nn.translate(event_type, payload))

    def test_timestamp_from_the_message(self):
        event = nn.translate(*real('instance.delete.end'), metadata={
            'timestamp': '2026-11-21 23:14:36.089000', 'message_id': 'x'})
        self.assertEqual(datetime.datetime(2026, 11, 21, 23, 14, 36, 89000),
                         event.timestamp)
        event = nn.translate(*real('instance.delete.end'), metadata={
            'timestamp': '2026-11-21T23:14:36+01:00'})
        self.assertEqual(datetime.datetime(2026, 11, 21, 22, 14, 36),
                         event.timestamp)
        before = datetime.datetime.utcnow() - datetime.timedelta(seconds=1)
        event = nn.translate(*real('instance.delete.end'),
                             metadata={'timestamp': 'yesterday'})
        self.assertGreater(event.timestamp, before)


class TestServiceEvents(testtools.TestCase):

    def test_disabled(self):
        event = nn.translate(*real('service.update:disabled'))
        self.assertEqual(
            (base.SERVICE_UPDATE, 'host2', 'up', 'disabled', 'maintenance'),
            (event.event_type, event.host, event.state,
             event.payload['status'], event.payload['reason']))
        self.assertIsNone(event.server_id)

    def test_forced_down(self):
        event = nn.translate(*real('service.update:forced_down'))
        self.assertEqual(('host1', 'down', 'enabled', None),
                         (event.host, event.state, event.payload['status'],
                          event.payload['reason']))

    def test_named_by_its_single_node(self):
        event_type, payload = real('service.update:disabled')
        nodes = {'host2': ['host2.nodes.example']}
        event = nn.translate(event_type, payload,
                             nodes_of=lambda h: nodes.get(h, []))
        self.assertEqual('host2.nodes.example', event.host)
        # Several nodes (ironic): the service keeps its own name.
        nodes['host2'] = ['n1', 'n2']
        self.assertEqual('host2', nn.translate(
            event_type, payload, nodes_of=lambda h: nodes[h]).host)

    def test_other_services_are_not_translated(self):
        event_type, payload = real('service.update:disabled')
        data(payload)['binary'] = 'nova-conductor'
        self.assertIsNone(nn.translate(event_type, payload))


class TestStates(testtools.TestCase):

    def test_vm_states(self):
        for vm_state, task, state in [
                ('building', 'scheduling', base.BUILDING),
                ('active', None, base.ACTIVE),
                ('ACTIVE', None, base.ACTIVE),
                ('active', 'migrating', base.MIGRATING),
                ('error', None, base.ERROR),
                ('deleted', None, base.DELETED),
                ('soft-delete', None, base.DELETED),
                ('shelved', None, base.SHELVED),
                ('shelved_offloaded', None, base.SHELVED),
                ('stopped', None, 'STOPPED'),
                (None, None, base.BUILDING)]:
            self.assertEqual(state, nova_states.server_state(vm_state, task),
                             (vm_state, task))

    def test_fault_of_the_api(self):
        self.assertEqual('No valid host was found.', nova_states.fault_message(
            {'code': 500, 'message': 'No valid host was found.'}))
        self.assertIsNone(nova_states.fault_message(None))


class TestListenerParts(testtools.TestCase):

    def test_filter_takes_only_translated_event_types(self):
        delivered = []
        endpoint = nova_listener._Endpoint(
            lambda *args: delivered.append(args))
        rule = endpoint.filter_rule
        for event_type in ('instance.create.end', 'service.update',
                           'compute_task.build_instances.error',
                           'instance.live_migration_post_dest.end'):
            self.assertTrue(rule.match({}, 'nova-compute:h', event_type, {},
                                       {}), event_type)
        for event_type in ('instance.create.endx', 'xinstance.create.end',
                           'instance.live_migration_post.end',
                           'instance.exists', 'instance_create_end'):
            self.assertFalse(rule.match({}, 'nova-compute:h', event_type, {},
                                        {}), event_type)
        self.assertEqual(
            oslo_messaging.NotificationResult.HANDLED,
            endpoint.error({}, 'p', 'instance.create.error', {'a': 1}, {}))
        self.assertEqual([('instance.create.error', {'a': 1}, {})],
                         delivered)

    def test_a_failing_subscriber_does_not_stop_the_others(self):
        subscribers = nova_listener.Subscribers()
        seen = []

        def broken(event):
            raise RuntimeError('subscriber bug')
        subscribers.add(broken)
        cancel = subscribers.add(seen.append)
        event = base.VIMEvent(event_type=base.INSTANCE_DELETE_END)
        subscribers.publish(event)
        self.assertEqual([event], seen)
        cancel()
        cancel()
        subscribers.publish(event)
        self.assertEqual([event], seen)

    def test_unreadable_payload_is_dropped(self):
        got = []
        listener = nova_listener.NotificationListener(
            'rabbit://unused', 'versioned_notifications', 'nova', 'promise',
            got.append)
        listener._deliver('instance.create.end', {'nova_object.data': 42},
                          {})
        listener._deliver('instance.create.end', *real(
            'instance.create.end')[1:], {})
        self.assertEqual([base.INSTANCE_CREATE_END],
                         [e.event_type for e in got])
