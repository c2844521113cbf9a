"""The alerts' admin: the report, and the permission to see subscribers' addresses."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from learning.alerts.views.report import AlertsReportView


@hooks.register("register_admin_urls")
def register_alerts_report_url():
    return [path("reports/email-alerts/", AlertsReportView.as_view(), name="alerts_report")]


@hooks.register("register_reports_menu_item")
def register_alerts_report_menu_item():
    return MenuItem(
        "E-mail alerts", reverse("alerts_report"), name="email-alerts", icon_name="mail", order=1170
    )


@hooks.register("register_permissions")
def register_subscriber_addresses_permission():
    """Lets administrators grant the sight of subscribers' addresses under Settings > Groups."""
    return Permission.objects.filter(content_type__app_label="learning", codename="view_subscriber_addresses")
