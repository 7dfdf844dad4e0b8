"""The Promise plugin of the OpenStack dashboard (Horizon).

``pip install openstack-promise[dashboard]`` installs Horizon with it; the
files of ``promise/dashboard/enabled/`` switch the panels on (see the
installation guide, ``doc/source/install/dashboard.rst``).
"""
