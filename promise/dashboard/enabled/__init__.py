"""Horizon "enabled" files of the Promise panels.

Copy or link them into ``openstack_dashboard/local/enabled/`` (see
doc/source/install/dashboard.rst); Horizon reads every ``_NNNN_*.py``
there in the order of their names.
"""
