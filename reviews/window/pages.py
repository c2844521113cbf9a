"""What every page type gets from the window: the guarded tester, and for reviews the window record."""

from django.db import models
from django.template.response import TemplateResponse
from wagtail.admin.panels import CommentPanel
from wagtail.models import Page, get_page_models
from wagtail.url_routing import RouteResult

from reviews.window import rules
from reviews.window.forms import PublicationWindowPageForm
from reviews.window.panels import PublicationWindowPanel, TakedownPublishingPanel
from reviews.window.permissions import PublicationWindowPermissionTester


class WindowGuardedPageMixin:
    """Every page type uses the guarded tester, so ancestors of reviews are protected too."""

    def permissions_for_user(self, user):
        return PublicationWindowPermissionTester(user, self)


def guarded_page_models():
    """Every page type of the site that uses the guarded tester (the system checks expect all of them)."""
    return [model for model in get_page_models() if issubclass(model, WindowGuardedPageMixin)]


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
        max_length=20, blank=True, editable=False, choices=rules.TakedownKind.choices
    )

    base_form_class = PublicationWindowPageForm
    settings_panels = [PublicationWindowPanel(), TakedownPublishingPanel(), CommentPanel()]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        rules.check_takedown_date(self, self.expire_at)

    def must_follow(self):
        """The page that must be live before this one may go live, or None."""
        return None

    @property
    def earliest_takedown(self):
        return rules.earliest_takedown(self)

    @property
    def was_taken_down(self):
        return not self.live and self.taken_down_at is not None

    def own_subpaths(self):
        """Addresses below the page that are part of it ("report/"): kept answering, gone with it."""
        return []

    def route(self, request, path_components):
        # A review that was taken down answers 410 Gone at its old address, not 404, and so
        # does every address that was part of it.
        if self.was_taken_down and (
            not path_components or "/".join(path_components) + "/" in self.own_subpaths()
        ):
            return RouteResult(self)
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        if self.was_taken_down:
            return TemplateResponse(request, "reviews/taken_down.html", {"page": self}, status=410)
        return super().serve(request, *args, **kwargs)
