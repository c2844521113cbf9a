"""What every admin form about one page, opened from its editor's action menu, has in common."""

from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class PageActionFormView(WagtailAdminTemplateMixin, FormView):
    """The page's title under the heading, no breadcrumbs, and the way back to its editor.

    Subclasses set `self.page` in `dispatch` before calling the parent's.
    """

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return []

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "page": self.page,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
        }
