"""The form that creates a placement policy."""
import re

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from horizon import forms

from promise.dashboard import api
from promise.dashboard import utils

_PARAGRAPHS = re.compile(r'\n[ \t]*\n')


def split_rules(text):
    """One rule per paragraph: a rule may span lines, a blank line ends
    it."""
    text = (text or '').replace('\r\n', '\n')
    return [p.strip() for p in _PARAGRAPHS.split(text) if p.strip()]


def invalid_policy_text(exc):
    """Where the API says a rule is at fault, in words."""
    body = exc.body
    where = []
    if body.get('rule_index') is not None:
        where.append(_('rule %d') % (body['rule_index'] + 1))
    if body.get('line') is not None:
        where.append(_('line %s') % body['line'])
    if body.get('column') is not None:
        where.append(_('column %s') % body['column'])
    if body.get('variable'):
        where.append(_('variable %s') % body['variable'])
    if not where:
        return exc.message
    return '%s: %s' % (', '.join(str(w) for w in where), exc.message)


class CreatePolicyForm(forms.SelfHandlingForm):
    name = forms.RegexField(
        label=_('Name'), max_length=255, regex=r'^[A-Za-z0-9_.:-]+$',
        error_messages={'invalid': _('Letters, digits and _ . : - only.')})
    description = forms.CharField(label=_('Description'), required=False,
                                  widget=forms.Textarea(attrs={'rows': 2}))
    hard = forms.BooleanField(
        label=_('Hard'), required=False,
        help_text=_('A plan never breaks a hard policy; soft policies '
                    'have their violations minimised.'))
    proactive = forms.BooleanField(
        label=_('Proactive'), required=False,
        help_text=_('Checked when instances are placed, not only by '
                    'audits.'))
    rules = forms.CharField(
        label=_('Rules (Datalog)'), required=False,
        help_text=_('One rule per paragraph: separate rules by a blank '
                    'line. A violation is a row of the error table.'),
        widget=forms.Textarea(attrs={'rows': 10,
                                     'class': 'promise-rules',
                                     'style': 'font-family: monospace'}))

    def handle(self, request, data):
        body = {'name': data['name'], 'hard': data['hard'],
                'proactive': data['proactive'],
                'rules': [{'rule': r} for r in split_rules(data['rules'])]}
        if data.get('description'):
            body['description'] = data['description']
        try:
            policy = api.policy_create(request, body)
        except api.PromiseAPIError as exc:
            if exc.status == 400 and exc.name == 'InvalidPolicy':
                self.add_error('rules', invalid_policy_text(exc))
            elif exc.status in (400, 409):
                self.api_error(exc.message)
            else:
                utils.report(request, exc, _('Unable to create policy'))
            return False
        messages.success(request, _('Policy "%s" created.') % policy['name'])
        return policy


def parse_moves(text):
    """One move a line, "vm -> server"; blank lines are skipped. A
    ValueError names the first line that is not a move."""
    moves = []
    for number, line in enumerate((text or '').splitlines(), 1):
        if not line.strip():
            continue
        vm, arrow, to = line.partition('->')
        if not arrow or not vm.strip() or not to.strip() or '->' in to:
            raise ValueError(_('line %(n)d: "%(line)s" is not '
                               '"vm -> server"') % {'n': number,
                                                    'line': line.strip()})
        moves.append({'vm': vm.strip(), 'to': to.strip()})
    return moves


def simulation_rows(simulation):
    """The violations a simulation adds and removes, one row each, by
    policy."""
    rows = []
    for key, change in (('added', _('Added')), ('removed', _('Removed'))):
        for name, found in sorted((simulation.get(key) or {}).items()):
            rows.extend({'policy': name, 'change': change, 'row': row}
                        for row in found)
    return sorted(rows, key=lambda r: r['policy'])


class SimulateForm(forms.SelfHandlingForm):
    moves = forms.CharField(
        label=_('Moves'),
        # Horizon puts help texts in an attribute unescaped: no quotes.
        help_text=_('One move a line: the name of a VM, an arrow (->) and '
                    'the server it would go to.'),
        widget=forms.Textarea(attrs={'rows': 6,
                                     'style': 'font-family: monospace'}))
    policies = forms.MultipleChoiceField(
        label=_('Policies'), required=False,
        widget=forms.ThemableCheckboxSelectMultiple,
        help_text=_('None chosen: every policy.'))

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields['policies'].choices = utils.policy_choices(request)

    def clean_moves(self):
        try:
            moves = parse_moves(self.cleaned_data['moves'])
        except ValueError as exc:
            raise forms.ValidationError(str(exc))
        if not moves:
            raise forms.ValidationError(_('Enter at least one move.'))
        return moves

    def handle(self, request, data):
        """The simulation, or False when the API refused it (the reason
        is then an error of the form)."""
        try:
            return api.policy_simulate(request, data['moves'],
                                       data.get('policies') or None)
        except api.PromiseAPIError as exc:
            # 400: an unknown VM or server; 404: an unknown policy.
            if exc.status in (400, 404, 409):
                self.api_error(exc.message)
            else:
                utils.report(request, exc, _('Unable to simulate'))
            return False
