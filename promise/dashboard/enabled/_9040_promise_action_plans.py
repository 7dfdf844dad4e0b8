# Admin > Compute > Action Plans: audits, and the re-placement plans they
# recommend, approved, executed or cancelled.
PANEL = 'action_plans'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'compute'
ADD_PANEL = 'promise.dashboard.action_plans.panel.ActionPlans'
