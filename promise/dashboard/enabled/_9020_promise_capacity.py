# Admin > Compute > Capacity: hosts and the capacity timeline.
PANEL = 'capacity'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'compute'
ADD_PANEL = 'promise.dashboard.capacity.panel.Capacity'
