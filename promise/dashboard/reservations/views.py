from django import forms as django_forms
from django import shortcuts
from django.contrib import messages
from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic
from horizon import forms
from horizon import tabs

from promise.dashboard import api
from promise.dashboard import utils
from promise.dashboard.reservations import forms as lease_forms
from promise.dashboard.reservations import tabs as lease_tabs


class IndexView(tabs.TabbedTableView):
    tab_group_class = lease_tabs.ReservationTabs
    template_name = 'promise_dashboard/reservations/index.html'
    page_title = _('Reservations')


class CreateLeaseView(generic.TemplateView):
    """The lease form: "Find windows" asks /v1/availability and offers
    the earliest windows; "Create lease" reserves the chosen one."""

    template_name = 'promise_dashboard/reservations/create.html'

    def get(self, request, *args, **kwargs):
        form = lease_forms.LeaseForm(initial=request.GET.dict())
        return self.render_to_response(self._context(form))

    def post(self, request, *args, **kwargs):
        action = request.POST.get('action', 'create')
        form = lease_forms.LeaseForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self._context(form))
        if action == 'find':
            return self._find(request, form)
        try:
            body = form.lease_body()
        except django_forms.ValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self._context(form))
        try:
            lease = api.lease_create(request, body)
        except api.PromiseAPIError as exc:
            utils.report(request, exc, _('Unable to create lease'))
            return self.render_to_response(self._context(form))
        messages.success(request, _('Lease "%(name)s" created: %(start)s to '
                                    '%(end)s (UTC).') % {
            'name': lease['name'],
            'start': api.short_date(lease['start_date']),
            'end': api.short_date(lease['end_date'])})
        return shortcuts.redirect(reverse('horizon:project:reservations:'
                                          'index'))

    def _find(self, request, form):
        try:
            body = form.search_body()
        except django_forms.ValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self._context(form))
        try:
            found = api.availability(request, body)
        except api.PromiseAPIError as exc:
            utils.report(request, exc, _('Unable to search availability'))
            return self.render_to_response(self._context(form))
        windows = found.get('windows') or []
        data = request.POST.copy()
        # The earliest window is chosen unless the user picks another.
        data.pop('window', None)
        if windows:
            data['window'] = lease_forms.LeaseForm.window_choice(
                windows[0])[0]
        form = lease_forms.LeaseForm(data, windows=windows)
        form.is_valid()
        limits = api.limits_text(found)
        return self.render_to_response(self._context(
            form, searched=True, windows=windows, limits=limits))

    def _context(self, form, **extra):
        context = self.get_context_data(form=form, page_title=_(
            'Create Lease'), **extra)
        context['cancel_url'] = reverse('horizon:project:reservations:index')
        return context


class CreateInstanceView(forms.ModalFormView):
    form_class = lease_forms.CreateInstanceForm
    template_name = 'promise_dashboard/reservations/create_instance.html'
    # The bare modal form serves the button's AJAX request too.
    ajax_template_name = template_name
    modal_id = 'create_instance_modal'
    modal_header = _('Create Instance on Reserved Capacity')
    page_title = _('Create Instance')
    submit_label = _('Create')
    submit_url = reverse_lazy('horizon:project:reservations:create_instance')
    success_url = reverse_lazy('horizon:project:reservations:index')
