# Project > Compute > Reservations: leases, availability search and
# instances on reserved capacity.
PANEL = 'reservations'
PANEL_DASHBOARD = 'project'
PANEL_GROUP = 'compute'
ADD_PANEL = 'promise.dashboard.reservations.panel.Reservations'
