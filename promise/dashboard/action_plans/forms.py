"""The audit form: which policies, which VMs may move, how to break
ties."""
from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from horizon import forms

from promise.dashboard import api
from promise.dashboard import utils

SCOPES = (('violating', _('VMs of servers that violate a soft policy')),
          ('all', _('Any VM')))
TIE_BREAKS = (('pack', _('Pack (free hosts)')),
              ('spread', _('Spread')),
              ('none', _('None')))


class AuditForm(forms.SelfHandlingForm):
    policies = forms.MultipleChoiceField(
        label=_('Policies'), required=False,
        widget=forms.ThemableCheckboxSelectMultiple,
        help_text=_('None chosen: every policy.'))
    scope = forms.ChoiceField(label=_('VMs that may move'), choices=SCOPES)
    tie_break = forms.ChoiceField(label=_('Tie-break'), choices=TIE_BREAKS)

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields['policies'].choices = utils.policy_choices(request)

    def handle(self, request, data):
        body = {'scope': {'mode': data['scope']},
                'tie_break': data['tie_break']}
        if data.get('policies'):
            body['policies'] = list(data['policies'])
        try:
            result = api.audit(request, body)
        except api.PromiseAPIError as exc:
            if exc.status in (400, 404, 409):
                self.api_error(exc.message)
            else:
                utils.report(request, exc, _('Unable to run the audit'))
            return False
        count = sum(len(rows) for rows in
                    (result.get('violations') or {}).values())
        plan = result.get('action_plan')
        if plan is None:
            messages.info(request, _('%d violation(s); no action plan '
                                     'was needed.') % count)
            return True
        messages.success(request, _(
            'Action plan %(id)s recommended: %(moves)d move(s) for '
            '%(count)d violation(s).') % {
                'id': plan['id'], 'moves': len(plan.get('moves') or []),
                'count': count})
        return True
