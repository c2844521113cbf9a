"""Reports > E-mail alerts: how many follow each theme; the addresses only with the permission."""

from django.core.paginator import Paginator
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from learning.alerts import sending, staff
from learning.alerts.models import Subscriber

ADDRESSES_PER_PAGE = 100


class AlertsReportView(WagtailAdminTemplateMixin, TemplateView):
    """Open to all staff: the numbers identify nobody. The addresses need their own permission."""

    template_name = "learning/alerts/admin/report.html"
    page_title = "E-mail alerts"
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        every_theme, themes = staff.theme_counts()
        context.update(
            summary=staff.summary(), every_theme=every_theme, themes=themes, max_attempts=sending.MAX_ATTEMPTS
        )
        if self.request.user.has_perm(staff.ADDRESSES_PERMISSION):
            subscribers = Subscriber.objects.order_by("email").only("email", "signed_up_at", "confirmed_at")
            context["addresses"] = Paginator(subscribers, ADDRESSES_PER_PAGE).get_page(
                self.request.GET.get("p")
            )
        return context
