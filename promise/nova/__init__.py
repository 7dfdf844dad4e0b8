"""Promise inside nova-scheduler: a host filter that keeps boots off the
capacity future reservations need.

Only the capacity engine and a small HTTP client are used here: this code
runs in Nova's process, which has neither Promise's database nor its
message bus.
"""
