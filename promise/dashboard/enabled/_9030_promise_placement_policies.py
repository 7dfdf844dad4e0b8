# Admin > Compute > Placement Policies: policies in Datalog, their rules
# and violations.
PANEL = 'placement_policies'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'compute'
ADD_PANEL = ('promise.dashboard.placement_policies.panel.'
             'PlacementPolicies')
