"""When to try a failed webhook delivery again: exponential backoff with
jitter, computed by tenacity's wait strategy rather than by a loop, since
the wait is stored (next_attempt_at) and survives restarts."""
import tenacity


def delay(failed_attempts, base, maximum):
    """Seconds to wait after the ``failed_attempts``-th failure: base, then
    doubling, plus up to ``base`` of jitter, never more than ``maximum``."""
    wait = tenacity.wait_exponential_jitter(initial=base, max=maximum,
                                            exp_base=2, jitter=base)
    state = tenacity.RetryCallState(None, None, (), {})
    state.attempt_number = max(1, failed_attempts)
    return wait(state)
