"""Page behaviour shared by every page type: the publication-window guard and its record."""

from django.db import models
from django.template.response import TemplateResponse
from wagtail.admin.panels import CommentPanel
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from reviews import publication_window
from reviews.forms import PublicationWindowPageForm
from reviews.panels import PublicationWindowPanel, TakedownPublishingPanel


class WindowGuardedPageMixin:
    """Every page type uses the guarded tester, so ancestors of reviews are protected too."""

    def permissions_for_user(self, user):
        from reviews.permissions import PublicationWindowPermissionTester

        return PublicationWindowPermissionTester(user, self)


class PublicationWindowPage(WindowGuardedPageMixin, Page):
    """A page the law requires to stay public for a year once published: reviews and their learning."""

    live_since = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the page last went from not live to live; its year on the site counts from here.",
    )
    taken_down_at = models.DateTimeField(null=True, blank=True, editable=False)
    takedown_kind = models.CharField(
        max_length=20, blank=True, editable=False, choices=publication_window.TakedownKind.CHOICES
    )

    base_form_class = PublicationWindowPageForm
    settings_panels = [PublicationWindowPanel(), TakedownPublishingPanel(), CommentPanel()]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        publication_window.check_takedown_date(self, self.expire_at)

    @property
    def earliest_takedown(self):
        return publication_window.earliest_takedown(self)

    @property
    def was_taken_down(self):
        return not self.live and self.taken_down_at is not None

    def route(self, request, path_components):
        # A review that was taken down answers 410 Gone at its old address, not 404.
        if not path_components and self.was_taken_down:
            return RouteResult(self)
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        if self.was_taken_down:
            return TemplateResponse(request, "reviews/taken_down.html", {"page": self}, status=410)
        return super().serve(request, *args, **kwargs)
