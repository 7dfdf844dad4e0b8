"""The routes a pecan controller tree serves, found by walking it.

Each route is (METHOD, path template), with ``{name}`` for the path
segments pecan hands to a handler as positional arguments, named after
them. RestController conventions: get_all and post answer the
collection, get_one, put and delete an item; a sub-controller attribute
whose get_all takes positional arguments hangs under an item of its
parent (``/v1/os-hosts/{host_id}/allocation``), one whose get_all takes
none under the collection (``/v1/os-hosts/allocations``). A post whose
own positional arguments follow the collection serves the segments after
it too (``/v1/action-plans/{plan_id}/{action}``), the collection itself
as well when the first may be absent.
"""
import inspect

from pecan import rest

_COLLECTION = (('get_all', 'GET'), ('post', 'POST'))
_ITEM = (('get_one', 'GET'), ('put', 'PUT'), ('delete', 'DELETE'))
_REST_NAMES = {name for name, _ in _COLLECTION + _ITEM}


def _exposed(func):
    return callable(func) and getattr(func, 'exposed', False)


def _positional(func):
    """Names of the arguments pecan fills from path segments."""
    params = list(inspect.signature(func).parameters.values())
    return [p.name for p in params
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def _has_default(func, name):
    param = inspect.signature(func).parameters[name]
    return param.default is not param.empty


def _is_controller(value):
    if inspect.isclass(value) or inspect.isroutine(value):
        return False
    if isinstance(value, rest.RestController):
        return True
    return any(_exposed(getattr(value, n, None)) for n in dir(value)
               if not n.startswith('__'))


def _sub_controllers(controller):
    for name in dir(type(controller)):
        if name.startswith('_'):
            continue
        value = getattr(controller, name, None)
        if _is_controller(value):
            yield name, value


def _rest_routes(controller, prefix, parent_args):
    routes = set()
    for name, method in _COLLECTION:
        func = getattr(controller, name, None)
        if not _exposed(func):
            continue
        own = _positional(func)[len(parent_args):]
        if name == 'post' and own:
            routes.add((method, prefix + ''.join('/{%s}' % a for a in own)))
            if not _has_default(func, own[0]):
                continue
        routes.add((method, prefix))
    for name, method in _ITEM:
        func = getattr(controller, name, None)
        if _exposed(func):
            own = _positional(func)[len(parent_args):]
            if own:
                routes.add((method, '%s/{%s}' % (prefix, own[0])))
    return routes


def _item_args(controller):
    """The id argument names of a RestController's items."""
    for name in ('get_one', 'put', 'delete'):
        func = getattr(controller, name, None)
        if _exposed(func):
            return _positional(func)
    return []


def walk(controller, prefix='', parent_args=()):
    routes = set()
    index = getattr(controller, 'index', None)
    if _exposed(index):
        handlers = index._pecan.get('generic_handlers') or {}
        methods = [m for m in handlers if m != 'DEFAULT'] or ['GET']
        routes.update((m, prefix + '/') for m in methods)
    if isinstance(controller, rest.RestController):
        routes |= _rest_routes(controller, prefix, list(parent_args))
    else:
        # The handlers of a generic method ("@index.when") are exposed, but
        # pecan routes to them only through the generic.
        when = {h for n in dir(type(controller))
                if _exposed(getattr(controller, n, None))
                for h in (getattr(controller, n)._pecan.get(
                    'generic_handlers') or {}).values()}
        for name in dir(type(controller)):
            func = getattr(controller, name, None)
            if name == 'index' or name.startswith('_') or \
                    not _exposed(func) or \
                    getattr(func, '__func__', func) in when:
                continue
            handlers = func._pecan.get('generic_handlers') or {}
            methods = [m for m in handlers if m != 'DEFAULT'] or ['GET']
            routes.update((m, '%s/%s' % (prefix, name)) for m in methods)
    for name, child in _sub_controllers(controller):
        if name in _REST_NAMES:
            continue
        child_prefix = '%s/%s' % (prefix, name)
        child_parents = ()
        if isinstance(controller, rest.RestController) and \
                isinstance(child, rest.RestController):
            getter = getattr(child, 'get_all', None)
            args = _positional(getter) if _exposed(getter) else []
            if args:
                own = _item_args(controller)[len(parent_args):]
                child_prefix = '%s/{%s}/%s' % (prefix, own[0] if own else
                                               args[-1], name)
                child_parents = tuple(args)
        routes |= walk(child, child_prefix, child_parents)
    return routes
