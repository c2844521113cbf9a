"""Production's security headers on real responses, and public templates that need nothing weaker."""

from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from tests.cspr_site import production_settings
from tests.reviews.factories import CSPRPageFactory

pytestmark = pytest.mark.django_db

HTTPS = {"secure": True}
BEHIND_THE_PROXY = {"HTTP_X_FORWARDED_PROTO": "https"}


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture
def production():
    with production_settings.production_responses() as values:
        yield values


@pytest.fixture
def review(review_index):
    return CSPRPageFactory(parent=review_index, title="Young Person A")


def assert_public_headers(response):
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    features = dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", feature


@pytest.mark.parametrize("address", ["home", "index", "review"])
def test_public_pages_carry_every_security_header(
    production, client, home_page, review_index, review, address
):
    page = {"home": home_page, "index": review_index, "review": review}[address]

    response = client.get(page.url, **HTTPS)

    assert response.status_code == 200
    assert_public_headers(response)


def test_not_found_and_gone_pages_carry_them_too(production, client, home_page):
    response = client.get("/no-such-page/", **HTTPS)

    assert response.status_code == 404
    assert_public_headers(response)


def test_a_request_for_a_host_not_allowed_gets_400_with_every_security_header(production, client, home_page):
    with override_settings(ALLOWED_HOSTS=["reviews.example.org"]):
        response = client.get("/", HTTP_HOST="elsewhere.example", **HTTPS)

    assert response.status_code == 400
    assert_public_headers(response)


def test_signing_in_without_a_page_to_return_to_lands_on_the_home_page(client, home_page, django_user_model):
    django_user_model.objects.create_user(username="reader", password="a-long-passphrase")

    response = client.post("/_util/login/", {"username": "reader", "password": "a-long-passphrase"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get(response["Location"]).status_code == 200


def test_plain_http_is_sent_to_https(production, client, home_page):
    response = client.get("/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


def test_the_admin_alone_gets_the_relaxed_policy_it_needs(production, client, superuser):
    login = client.get("/admin/login/", **HTTPS)
    client.force_login(superuser)
    dashboard = client.get("/admin/", **HTTPS)

    for response in (login, dashboard):
        assert response.status_code == 200
        csp = policy(response)
        assert "'unsafe-inline'" in csp["script-src"] and "'unsafe-eval'" in csp["script-src"]
        assert "'unsafe-inline'" in csp["style-src"]
        # The page preview is a same-origin frame inside the editor.
        assert csp["frame-ancestors"] == ["'self'"]
        assert csp["object-src"] == ["'none'"]
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "camera=()" in response["Permissions-Policy"]


def test_the_public_policy_is_not_relaxed_by_an_editor_being_signed_in(
    production, client, superuser, home_page
):
    client.force_login(superuser)

    response = client.get("/", **HTTPS)

    assert "unsafe" not in response["Content-Security-Policy"]


def test_a_preview_in_the_editors_panel_may_be_framed_by_the_site_alone(
    production, client, superuser, review
):
    """Wagtail renders the preview with a request made up for the page's address: the public policy,
    framed by the admin; the page itself, at its own address, is still framed by nobody."""
    client.force_login(superuser)
    # As nginx sends it: Wagtail passes the header on to the request it makes up for the preview.
    form = querydict_from_html(
        client.get(f"/admin/pages/{review.pk}/edit/", **BEHIND_THE_PROXY).content.decode(),
        form_id="page-edit-form",
    )
    preview_url = f"/admin/pages/{review.pk}/edit/preview/?mode="
    assert client.post(preview_url, form, **BEHIND_THE_PROXY).json()["is_available"]

    preview = client.get(f"{preview_url}&in_preview_panel=true", **BEHIND_THE_PROXY)

    assert "Young Person A" in preview.content.decode()
    csp = policy(preview)
    assert csp["frame-ancestors"] == ["'self'"]
    assert "unsafe" not in preview["Content-Security-Policy"]
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(client.get(review.url, **BEHIND_THE_PROXY))["frame-ancestors"] == ["'none'"]


def test_session_and_csrf_cookies_are_secure_only(production, client, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "a long enough passphrase")

    response = client.post(
        "/admin/login/", {"username": "editor", "password": "a long enough passphrase"}, **HTTPS
    )

    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert client.cookies["csrftoken"]["secure"]


class InlineCode(HTMLParser):
    """Collects what a strict Content-Security-Policy would block: inline scripts, styles, handlers."""

    DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if (
            tag == "script"
            and "src" not in attributes
            and attributes.get("type") not in self.DATA_SCRIPT_TYPES
        ):
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> element")
        if "style" in attributes:
            self.found.append(f'style="…" on <{tag}>')
        self.found += [f"{name}= on <{tag}>" for name in attributes if name.startswith("on")]
        if attributes.get("href", "").startswith("javascript:"):
            self.found.append(f"javascript: link on <{tag}>")


def test_public_pages_need_no_inline_script_or_style(client):
    """The strict public policy blocks inline code, so the templates must not rely on any."""
    call_command("load_demo_content", verbosity=0)
    addresses = [page.url for page in Page.objects.live().filter(depth__gt=1).specific()]
    addresses += ["/no-such-page/", "/sitemap.xml"]

    for address in addresses:
        response = client.get(address)
        parser = InlineCode()
        parser.feed(response.content.decode())
        assert not parser.found, f"{address}: {parser.found}"
