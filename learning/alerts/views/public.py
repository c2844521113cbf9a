"""The public pages of alerts: the follow page's sign-up, confirming, managing and leaving.

Every link that arrives by e-mail is checked before anything is shown; a forged, expired or
already used link gets a page that says so and what to do, never an error. Confirming and
leaving happen only on a button press (POST), so a mail scanner that opens links changes
nothing; a mail program's own unsubscribe button posts to the same address (RFC 8058).
"""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from learning.alerts import links, subscriptions
from learning.alerts.forms import PreferencesForm, SignUpForm
from learning.alerts.rate_limit import HOUR, over_limit
from reviews.finding.feed import site_and_index
from reviews.finding.follow import how_to_follow_context

SIGN_UPS_PER_CLIENT_AN_HOUR = 5

LINK_PROBLEM_STATUS = {
    links.LinkProblem.FORGED: 400,
    links.LinkProblem.EXPIRED: 410,
    links.LinkProblem.GONE: 410,
}


def _page(request, template, context=None, status=200):
    site, index = site_and_index(request)
    return TemplateResponse(
        request, template, {"home": site.root_page, "index": index, **(context or {})}, status=status
    )


def _follow_page(request, form):
    context = {**how_to_follow_context(request), "form": form}
    return TemplateResponse(request, "learning/alerts/follow.html", context)


@require_GET
def follow_page(request):
    """How to follow new reviews: by e-mail, or in a feed reader."""
    return _follow_page(request, SignUpForm())


class SignUpView(View):
    """Takes the sign-up form. `client_address` (given where the view is mounted) names the client."""

    client_address = None
    http_method_names = ["get", "post"]

    def get(self, request):
        """Someone who opens the form's address (a bookmark, say) lands on the form."""
        return HttpResponseRedirect(reverse("reviews_follow") + "#email-alerts")

    def post(self, request):
        if over_limit(f"alerts:sign-up:{self.client_address(request)}", SIGN_UPS_PER_CLIENT_AN_HOUR):
            response = _page(request, "learning/alerts/too_many.html", status=429)
            response["Retry-After"] = str(HOUR)
            return response
        form = SignUpForm(request.POST)
        if not form.is_valid():
            return _follow_page(request, form)
        if not form.is_from_a_robot():
            subscriptions.sign_up(form)
        return HttpResponseRedirect(reverse("alerts_check_your_email"))


@require_GET
def check_your_email(request):
    return _page(request, "learning/alerts/check_your_email.html", {"days": links.CONFIRMATION_LIFETIME.days})


def _link_problem(request, problem):
    return _page(
        request,
        "learning/alerts/link_problem.html",
        {"problem": problem.value, "days": links.CONFIRMATION_LIFETIME.days},
        status=LINK_PROBLEM_STATUS[problem],
    )


class SignedLinkView(View):
    """A page reached from a link in an e-mail: the subscriber it names, or a page about the link."""

    purpose = None
    http_method_names = ["get", "post", "head"]
    # What a link for an address that has left shows instead of the link problem page, if anything.
    gone_template = None

    def dispatch(self, request, token):
        try:
            self.subscriber = links.subscriber_for(token, self.purpose)
        except links.BadLink as bad:
            if bad.problem is links.LinkProblem.GONE and self.gone_template:
                return _page(request, self.gone_template)
            return _link_problem(request, bad.problem)
        return super().dispatch(request, token)

    def manage_context(self):
        return {"manage_url": links.manage_address(self.subscriber, root_url="")}


class ConfirmView(SignedLinkView):
    purpose = links.Purpose.CONFIRM

    def get(self, request, token):
        if self.subscriber.confirmed_at:
            return _page(request, "learning/alerts/already_confirmed.html", self.manage_context())
        return _page(request, "learning/alerts/confirm.html")

    def post(self, request, token):
        confirmed_now = subscriptions.confirm(self.subscriber)
        template = (
            "learning/alerts/confirmed.html" if confirmed_now else "learning/alerts/already_confirmed.html"
        )
        return _page(request, template, self.manage_context())


class ManageView(SignedLinkView):
    purpose = links.Purpose.MANAGE

    def _render(self, request, form, saved=False):
        return _page(
            request,
            "learning/alerts/manage.html",
            {
                "form": form,
                "saved": saved,
                "unsubscribe_url": links.unsubscribe_address(self.subscriber, root_url=""),
            },
        )

    def get(self, request, token):
        return self._render(request, PreferencesForm(initial=PreferencesForm.initial_for(self.subscriber)))

    def post(self, request, token):
        form = PreferencesForm(request.POST)
        if not form.is_valid():
            return self._render(request, form)
        subscriptions.change_choices(self.subscriber, form)
        return self._render(
            request, PreferencesForm(initial=PreferencesForm.initial_for(self.subscriber)), saved=True
        )


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(SignedLinkView):
    """Leaving: a button on the page, or a mail program's one-click POST. The link is the credential."""

    purpose = links.Purpose.MANAGE
    gone_template = "learning/alerts/unsubscribed.html"

    def get(self, request, token):
        return _page(request, "learning/alerts/unsubscribe.html")

    def post(self, request, token):
        subscriptions.unsubscribe(self.subscriber)
        return _page(request, "learning/alerts/unsubscribed.html")
