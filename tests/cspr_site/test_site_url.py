"""Every absolute address the site writes names SITE_URL, whatever host a request arrived on."""

import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.test import override_settings
from wagtail.models import Site

from cspr_site.checks import (
    check_site_url_is_an_address_wagtail_can_link,
    check_site_url_is_the_public_address,
)
from cspr_site.site_address import SiteUrlError, hostname_and_port
from tests.reviews.factories import CSPRPageFactory

pytestmark = pytest.mark.django_db

PUBLIC = "https://reviews.example.org"
ATOM = "{http://www.w3.org/2005/Atom}"
# A host no site names: the default site answers it, as it answers 127.0.0.1:8000 under `make run`.
ELSEWHERE = "127.0.0.1:8000"


def migrate_signal():
    """What every `manage.py migrate` sends once the migrations are applied."""
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


@pytest.fixture
def published_at_site_url(review_index):
    """An in-window review on a site moved to SITE_URL by a migrate."""
    review = CSPRPageFactory(parent=review_index, title="Young Person A")
    with override_settings(SITE_URL=PUBLIC):
        migrate_signal()
    return review


def test_migrate_moves_the_default_site_to_site_url_even_with_reviews_inside_their_year(
    published_at_site_url,
):
    site = Site.objects.get(is_default_site=True)

    assert (site.hostname, site.port, site.root_url) == ("reviews.example.org", 443, PUBLIC)


def test_make_runs_address_with_its_port_becomes_the_default_sites(review_index):
    with override_settings(SITE_URL="http://127.0.0.1:9000"):
        migrate_signal()

    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:9000"


def test_canonical_and_og_url_name_site_url(client, published_at_site_url):
    html = client.get(published_at_site_url.url, HTTP_HOST=ELSEWHERE).content.decode()

    address = f"{PUBLIC}/child-safeguarding-practice-reviews/young-person-a/"
    assert f'<link rel="canonical" href="{address}">' in html
    assert f'<meta property="og:url" content="{address}">' in html
    assert "localhost" not in html and ELSEWHERE not in html


def test_the_feed_names_site_url_for_itself_its_list_and_every_entry(client, published_at_site_url):
    response = client.get("/child-safeguarding-practice-reviews/feed/", HTTP_HOST=ELSEWHERE)
    feed = ET.fromstring(response.content)

    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert links and all(link.startswith(f"{PUBLIC}/") for link in links), links
    assert f"{PUBLIC}/child-safeguarding-practice-reviews/feed/" in links


def test_the_sitemap_and_robots_txt_name_site_url(client, published_at_site_url):
    sitemap = client.get("/sitemap.xml", HTTP_HOST=ELSEWHERE).content.decode()
    robots = client.get("/robots.txt", HTTP_HOST=ELSEWHERE).content.decode()

    assert f"<loc>{PUBLIC}/child-safeguarding-practice-reviews/young-person-a/</loc>" in sitemap
    assert "localhost" not in sitemap and ELSEWHERE not in sitemap
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in robots.splitlines()


def test_demo_content_builds_its_site_at_site_url(db):
    for site in Site.objects.all():
        site.delete()

    with override_settings(SITE_URL="http://127.0.0.1:9000"):
        call_command("load_demo_content", stdout=StringIO())

    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:9000"


def test_migrate_leaves_the_default_site_where_another_site_already_answers_site_url(home_page):
    Site.objects.create(hostname="reviews.example.org", port=443, root_page=home_page)
    out = StringIO()

    with override_settings(SITE_URL=PUBLIC):
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default", stdout=out)

    assert Site.objects.get(is_default_site=True).hostname == "localhost"
    assert "another site already answers reviews.example.org:443" in out.getvalue()


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("reviews.example.org", "must be an http:// or https:// address"),
        ("https://reviews.example.org/reviews/", "without a path"),
        ("https://reviews.example.org:8443", "https:// only on port 443"),
    ],
)
def test_an_address_wagtail_cannot_link_fails_the_system_check_with_the_reason(address, reason):
    with pytest.raises(SiteUrlError, match=reason):
        hostname_and_port(address)
    with override_settings(SITE_URL=address):
        errors = check_site_url_is_an_address_wagtail_can_link(None)
    assert [error.id for error in errors] == ["cspr_site.E001"]


@pytest.mark.parametrize("address", ["", "http://localhost:8000", "http://127.0.0.1:8000"])
def test_the_deployment_check_fails_while_site_url_is_unset_or_local(address):
    with override_settings(SITE_URL=address):
        errors = check_site_url_is_the_public_address(None)

    assert [error.id for error in errors] == ["cspr_site.E002"]


def test_the_deployment_check_accepts_a_public_address():
    with override_settings(SITE_URL=PUBLIC):
        assert check_site_url_is_the_public_address(None) == []
