"""The OpenAPI document: valid, complete, and true to the code."""
import importlib
import json
import re

from openapi_spec_validator import validate

from promise.api import openapi_spec
from promise.api.controllers import root
from promise.api.controllers.v1 import action_plans
from promise.api.controllers.v1 import placement_policies
from promise.tests import api_routes
from promise.tests import base

# Routes pecan serves that only ever answer 405 (a subscription does not
# change: it is deleted and made again), so they are not documented.
UNDOCUMENTED = {('PUT', '/v1/subscriptions/{}'),
                ('PUT', '/v1/providers/{}'), ('PUT', '/v1/instances/{}'),
                # Action plans are made by audits (POST /v1/audits).
                ('POST', '/v1/action-plans')}

# Routes whose last segment names an action the handler picks (pecan
# hands it over as an argument), with the actions it knows: each is
# documented as an operation of its own.
# The actions on an action plan take no body.
ACTION_PLAN = ('POST', '/v1/action-plans/{}/{}')
ACTIONS = {
    ('POST', '/v1/policies/{}'): tuple(
        '/v1/policies/%s' % a for a in placement_policies.ACTIONS),
    ACTION_PLAN: tuple(
        '/v1/action-plans/{}/%s' % a for a in action_plans._ACTIONS),
}

_DOC_ONLY_KEYS = ('description', 'examples', 'title')


def _normal(path):
    path = re.sub(r'\{[^}]+\}', '{}', path)
    return path.rstrip('/') or '/'


def _inline(node, doc, names=False):
    """The schema with every local $ref replaced by its target and the
    descriptive keywords dropped (``names``: node maps names to schemas,
    as "properties" does, so its keys are kept whatever they are)."""
    if isinstance(node, dict):
        if '$ref' in node and not names:
            target = doc
            for part in node['$ref'].lstrip('#/').split('/'):
                target = target[part]
            return _inline(target, doc)
        return {k: _inline(v, doc, k in ('properties', 'patternProperties')
                           and not names)
                for k, v in node.items()
                if names or k not in _DOC_ONLY_KEYS}
    if isinstance(node, list):
        return [_inline(v, doc) for v in node]
    return node


def _sorted_required(node):
    # The order of "required" says nothing.
    if isinstance(node, dict):
        return {k: sorted(v) if k == 'required' and isinstance(v, list)
                else _sorted_required(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_sorted_required(v) for v in node]
    return node


class TestDocument(base.TestCase):
    def setUp(self):
        super().setUp()
        self.doc = openapi_spec.document()

    def test_is_valid_openapi_3_1(self):
        self.assertEqual('3.1.0', self.doc['openapi'])
        validate(self.doc)

    def test_every_route_is_documented_and_nothing_else(self):
        served = {(m, _normal(p))
                  for m, p in api_routes.walk(root.RootController())}
        self.assertEqual(set(), set(ACTIONS) - served,
                         'ACTIONS lists a route that is gone')
        for route, paths in ACTIONS.items():
            served.discard(route)
            served.update((route[0], p) for p in paths)
        documented = {(m, _normal(p))
                      for m, p, _ in openapi_spec.operations(self.doc)}
        self.assertEqual(set(), served - documented - UNDOCUMENTED,
                         'routes missing from promise/api/openapi')
        self.assertEqual(set(), documented - served,
                         'documented operations no route serves')
        self.assertEqual(set(), UNDOCUMENTED - served,
                         'UNDOCUMENTED lists a route that is gone')

    def test_request_bodies_are_the_validated_schemas(self):
        seen = 0
        for method, path, op in openapi_spec.operations(self.doc):
            if method in ('POST', 'PUT') and \
                    _normal(path) not in ACTIONS[ACTION_PLAN]:
                self.assertIn('requestBody', op, '%s %s' % (method, path))
            if 'requestBody' not in op:
                continue
            media = op['requestBody']['content']['application/json']
            module, _, name = media['x-promise-schema'].partition(':')
            code = getattr(importlib.import_module(module), name)
            code = json.loads(json.dumps(code))
            self.assertEqual(_sorted_required(code),
                             _sorted_required(_inline(media['schema'],
                                                      self.doc)),
                             '%s %s' % (method, path))
            seen += 1
        self.assertGreaterEqual(seen, 9)

    def test_every_operation_has_the_shared_parts(self):
        ids = set()
        for method, path, op in openapi_spec.operations(self.doc):
            where = '%s %s' % (method, path)
            self.assertNotIn(op['operationId'], ids, where)
            ids.add(op['operationId'])
            self.assertEqual({'$ref': '#/components/parameters/microversion'},
                             op['parameters'][0], where)
            for code in ('400', '401', '406', '503'):
                self.assertIn(code, op['responses'], where)
            self.assertTrue(op.get('tags'), where)
            self.assertTrue(op.get('summary'), where)

    def test_every_path_parameter_is_declared(self):
        for method, path, op in openapi_spec.operations(self.doc):
            item = self.doc['paths'][path]
            declared = {p['name'] for p in _inline(
                item.get('parameters', []) + op['parameters'], self.doc)
                if p['in'] == 'path'}
            self.assertEqual(set(re.findall(r'\{([^}]+)\}', path)),
                             declared, '%s %s' % (method, path))


class TestMerge(base.TestCase):
    ROOT = {'openapi': '3.1.0', 'paths': {},
            'x-common-responses': {'503': {'description': 'busy'}}}

    def test_a_path_described_twice_is_refused(self):
        part = {'paths': {'/x': {'get': {'responses': {}}}}}
        self.assertRaises(openapi_spec.DocumentError, openapi_spec.merge,
                          self.ROOT, [('a.yaml', part), ('b.yaml', part)])

    def test_a_component_described_twice_is_refused(self):
        part = {'components': {'schemas': {'X': {'type': 'object'}}}}
        self.assertRaises(openapi_spec.DocumentError, openapi_spec.merge,
                          self.ROOT, [('a.yaml', part), ('b.yaml', part)])

    def test_unknown_keys_are_refused(self):
        self.assertRaises(openapi_spec.DocumentError, openapi_spec.merge,
                          self.ROOT, [('a.yaml', {'path': {}})])

    def test_parts_get_the_shared_responses_and_header(self):
        part = {'paths': {'/x': {'get': {'responses': {
            '200': {'description': 'ok'},
            '503': {'description': 'mine'}}}}}}
        doc = openapi_spec.merge(self.ROOT, [('a.yaml', part)])
        op = doc['paths']['/x']['get']
        self.assertEqual('mine', op['responses']['503']['description'])
        self.assertIn('OpenStack-API-Version',
                      op['responses']['200']['headers'])
        self.assertEqual('microversion',
                         op['parameters'][0]['$ref'].rsplit('/', 1)[1])
        self.assertNotIn('x-common-responses', doc)
