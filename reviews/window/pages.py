"""What every page type gets from the window: the guarded tester, and for reviews the window record."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from wagtail.admin.panels import CommentPanel
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.url_routing import RouteResult

from reviews import remembered
from reviews.window import rules
from reviews.window.forms import PublicationWindowPageForm
from reviews.window.panels import PublicationWindowPanel, TakedownPublishingPanel
from reviews.window.permissions import PublicationWindowPermissionTester


class WindowGuardedPageMixin:
    """Every page type uses the guarded tester, so ancestors of reviews are protected too.

    Being on every page type, it also spares a visitor's request Wagtail's privacy queries
    while no page of the site is private at all.
    """

    def permissions_for_user(self, user):
        return PublicationWindowPermissionTester(user, self)

    def route(self, request, path_components):
        """Wagtail's routing, finding a child in one query instead of two.

        Wagtail reads the child's `Page` row, then its own type's row. The children's slugs,
        ids and types are kept per generation of the page cache (every live slug change,
        publication, move and deletion renews it), so a visitor's request reads only the
        child's row of its own type, with SQL compiled once per generation.
        """
        if not path_components or not remembered.is_reading():
            return super().route(request, path_components)
        children = remembered.remember(("children", self.pk), self._children_by_slug)
        found = children.get(path_components[0])
        if found is None:
            raise Http404
        page_id, content_type_id = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            return super().route(request, path_components)
        rows = remembered.compiled_instances(
            ("page", content_type_id, page_id), lambda: model._default_manager.filter(pk=page_id)
        )
        if not rows:
            raise Http404
        child = rows[0]
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])

    def _children_by_slug(self):
        rows = self.get_children().values_list("slug", "pk", "content_type_id")
        return {slug: (page_id, content_type_id) for slug, page_id, content_type_id in rows}

    def get_view_restrictions(self):
        """Wagtail's, but none without asking while the site has no private page.

        Whether any exists is kept per generation of the page cache, which every privacy
        change renews, so a page made private is refused to visitors at once.
        """
        if remembered.is_reading() and not remembered.remember(
            ("any page is private",), PageViewRestriction.objects.exists
        ):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


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
