"""The API's OpenAPI 3.1 document, assembled from its parts.

``openapi.yaml`` beside this module is the root: the API's description,
version discovery and the components every resource shares. Each file of
``openapi/`` describes one resource (its tags, paths and components), so a
new route is described next to its kin without touching the others. The
merge then gives every operation what they all share: the microversion
request header, the microversion and request id response headers, and the
error responses the root lists under ``x-common-responses``.

``python -m promise.api.openapi_spec`` prints the merged document as JSON.
"""
import copy
import functools
import json
import os
import sys

import yaml

_HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(_HERE, 'openapi.yaml')
PARTS = os.path.join(_HERE, 'openapi')
METHODS = ('get', 'put', 'post', 'delete', 'patch', 'head', 'options')
_COMPONENT_SECTIONS = ('schemas', 'parameters', 'responses', 'headers',
                       'requestBodies', 'examples')


class DocumentError(ValueError):
    """Two parts describe the same thing, or a part has an unknown key."""


def _load(path):
    with open(path, encoding='utf-8') as f:
        return yaml.safe_load(f) or {}


def part_files():
    return sorted(os.path.join(PARTS, name) for name in os.listdir(PARTS)
                  if name.endswith('.yaml'))


def merge(root, parts):
    """The root with every part's tags, paths and components added."""
    doc = copy.deepcopy(root)
    components = doc.setdefault('components', {})
    for name, part in parts:
        unknown = set(part) - {'tags', 'paths', 'components'}
        if unknown:
            raise DocumentError('%s: unknown keys %s' %
                                (name, ', '.join(sorted(unknown))))
        doc.setdefault('tags', []).extend(part.get('tags', []))
        for path, item in (part.get('paths') or {}).items():
            if path in doc['paths']:
                raise DocumentError('%s: path %s is described twice' %
                                    (name, path))
            doc['paths'][path] = item
        for section, entries in (part.get('components') or {}).items():
            if section not in _COMPONENT_SECTIONS:
                raise DocumentError('%s: unknown component section %s' %
                                    (name, section))
            target = components.setdefault(section, {})
            for key, value in entries.items():
                if key in target:
                    raise DocumentError('%s: components/%s/%s is described '
                                        'twice' % (name, section, key))
                target[key] = value
    _add_common(doc)
    return doc


def _add_common(doc):
    common = doc.pop('x-common-responses', {})
    headers = {
        'OpenStack-API-Version': {'$ref': '#/components/headers/'
                                          'microversion'},
        'x-openstack-request-id': {'$ref': '#/components/headers/'
                                           'request_id'},
    }
    for item in doc['paths'].values():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            params = operation.setdefault('parameters', [])
            params.insert(0, {'$ref': '#/components/parameters/'
                                      'microversion'})
            responses = operation['responses']
            for code, response in common.items():
                responses.setdefault(code, copy.deepcopy(response))
            for code, response in responses.items():
                # Errors made before the microversion is known (401, 413,
                # an invalid header) do not name one.
                if '$ref' not in response and code < '400':
                    response.setdefault('headers', {}).update(headers)


@functools.lru_cache(maxsize=1)
def _document():
    parts = [(os.path.basename(p), _load(p)) for p in part_files()]
    return merge(_load(ROOT), parts)


def document():
    """The merged document (a fresh copy: callers may change it)."""
    return copy.deepcopy(_document())


@functools.lru_cache(maxsize=1)
def document_json():
    return json.dumps(_document(), sort_keys=False).encode('utf-8')


def operations(doc=None):
    """(method, path, operation) of every operation, methods upper case."""
    doc = doc or _document()
    for path, item in doc['paths'].items():
        for method in METHODS:
            if method in item:
                yield method.upper(), path, item[method]


def main():
    json.dump(_document(), sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
