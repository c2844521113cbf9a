"""What every admin list of pages shows for a page: its title as editors see it, its type and edit link."""

from django.urls import reverse
from django.utils.text import capfirst


class PageRow:
    """Mixed into a row that holds a `page`."""

    @property
    def title(self):
        return self.page.get_admin_display_title()

    @property
    def type_label(self):
        return capfirst(self.page._meta.verbose_name)

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])
