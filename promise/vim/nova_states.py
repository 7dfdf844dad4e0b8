"""Nova's vm_state and task_state, as the VIM contract records them."""
from promise.vim import base

# Live migration task states: the server still runs on its source host but
# its destination already holds an allocation.
_MIGRATING_TASKS = frozenset(['migrating'])

_VM_STATES = {
    'building': base.BUILDING,
    'active': base.ACTIVE,
    'error': base.ERROR,
    'deleted': base.DELETED,
    'soft-delete': base.DELETED,
    'shelved': base.SHELVED,
    'shelved_offloaded': base.SHELVED,
}


def server_state(vm_state, task_state=None):
    """The contract's state of a server Nova reports in ``vm_state``.

    States without a contract constant (stopped, paused, suspended,
    rescued, resized) keep Nova's name, upper case: the server still holds
    its host's capacity.
    """
    if task_state in _MIGRATING_TASKS:
        return base.MIGRATING
    if not vm_state:
        return base.BUILDING
    vm_state = vm_state.lower()
    return _VM_STATES.get(vm_state, vm_state.upper())


def fault_message(fault):
    """The message of a server's fault, in the API's or in a notification's
    shape (an ExceptionPayload object)."""
    if not fault:
        return None
    if 'nova_object.data' in fault:
        fault = fault['nova_object.data']
        return fault.get('exception_message') or fault.get('exception')
    return fault.get('message')
