"""Public pages come from the cache for anonymous visitors, and no change is ever hidden behind it.

Above all a review that was taken down (unpublished, withdrawn, expired by the scheduler) is
never served from the cache: the next request after the change sees it gone.
"""

import datetime
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import request_started
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils.form_data import querydict_from_html

from cspr_site import cache as page_cache
from reviews.models import Theme
from tests.cspr_site.visitors import cached, through_wsgi, visit
from tests.reviews.factories import CSPRPageFactory, report_body_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

REASON = "A court order requires the review to come down today."


def publish_through_the_editor(client, page, **changes):
    url = f"/admin/pages/{page.pk}/edit/"
    form = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    for name, value in changes.items():
        form[name] = value
    form["action-publish"] = "action-publish"
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]


# --- what is cached, and how ------------------------------------------------------------


def test_a_public_page_is_served_from_the_cache_without_the_database(review, django_assert_num_queries):
    first = visit(review.url)

    with django_assert_num_queries(0):
        second = visit(review.url)

    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.status_code == 200
    assert second.content == first.content


def test_a_cached_page_keeps_every_security_header(review):
    response = cached(review.url)

    assert response["X-Page-Cache"] == "hit"
    assert "script-src 'self'" in response["Content-Security-Policy"].split("; ")
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_each_query_string_is_its_own_entry(review_index, partnership):
    visit(review_index.url + "?q=neglect")

    assert visit(review_index.url + "?q=neglect")["X-Page-Cache"] == "hit"
    assert visit(review_index.url + "?q=housing")["X-Page-Cache"] == "miss"
    assert visit(review_index.url)["X-Page-Cache"] == "miss"


def test_cookies_that_say_nothing_about_the_visitor_do_not_stop_the_cache(review):
    visit(review.url)

    assert visit(review.url, headers={"cookie": "csrftoken=abc; analytics=no"})["X-Page-Cache"] == "hit"


def test_signed_in_editors_are_never_served_or_stored(admin_client, review):
    visit(review.url)

    editor_view = admin_client.get(review.url)
    admin_client.get(review.url)

    assert "X-Page-Cache" not in editor_view
    assert "private" in editor_view["Cache-Control"]
    assert visit(review.url)["X-Page-Cache"] == "hit"


def test_a_visitor_with_pending_messages_is_not_served_from_the_cache(review):
    visit(review.url)

    assert "X-Page-Cache" not in visit(review.url, headers={"cookie": "messages=something"})


@pytest.mark.parametrize("address", ["/healthz", "/admin/login/", "/no-such-page/"])
def test_only_pages_that_answered_200_are_stored(home_page, address):
    visit(address)

    assert "X-Page-Cache" not in visit(address)


def test_documents_are_not_stored(review):
    visit(review.report.url)

    assert "X-Page-Cache" not in visit(review.report.url)


def test_the_sitemap_is_cached_and_refreshed_on_publish(review_index, partnership):
    assert cached("/sitemap.xml")["X-Page-Cache"] == "hit"

    new_review = CSPRPageFactory(parent=review_index, title="Child Q")

    assert new_review.url in visit("/sitemap.xml").content.decode()


def test_the_feed_is_cached_and_refreshed_on_publish(review_index, partnership):
    feed = reverse("reviews_feed")
    assert cached(feed)["X-Page-Cache"] == "hit"

    CSPRPageFactory(parent=review_index, title="Child Q")

    assert "Child Q" in visit(feed).content.decode()


def test_without_a_cdn_purge_shared_caches_may_not_keep_pages(review):
    response = cached(review.url)

    assert response["Cache-Control"] == "private, max-age=0"


class RecordingBackend(BaseBackend):
    """A CDN that writes down what it was asked to purge."""

    purged = []

    def purge(self, url):
        self.purged.append(url)


@pytest.fixture
def cdn(settings):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": f"{__name__}.RecordingBackend"}}
    RecordingBackend.purged = []
    return RecordingBackend.purged


def test_with_a_cdn_purge_pages_may_be_kept_for_the_cache_time(cdn, review):
    assert cached(review.url)["Cache-Control"] == "public, max-age=0, s-maxage=300"


def test_publishing_purges_the_page_and_the_pages_that_list_it_from_the_cdn(
    cdn, review, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review.save_revision().publish()

    assert {
        "http://localhost/child-safeguarding-practice-reviews/child-wr/",
        "http://localhost/child-safeguarding-practice-reviews/",
        "http://localhost/",
        "http://localhost/sitemap.xml",
        "http://localhost/child-safeguarding-practice-reviews/feed/",
    } <= set(cdn)


def test_entries_expire_after_the_cache_time(settings, review):
    settings.PAGE_CACHE_SECONDS = 1
    visit(review.url)

    time.sleep(1.1)

    assert visit(review.url)["X-Page-Cache"] == "miss"


def test_a_change_made_by_another_process_reaches_this_one(review):
    """Without Redis every worker has its own memory cache; they share the generation file."""
    visit(review.url)

    page_cache._generation_file().write_text("written-by-another-worker")

    assert visit(review.url)["X-Page-Cache"] == "miss"


# --- hits answered before Django (gunicorn runs cspr_site.wsgi.application) -------------


def test_a_hit_is_answered_before_django_builds_a_request(review, django_assert_num_queries):
    requests_started = []

    def count(**kwargs):
        requests_started.append(kwargs)

    request_started.connect(count)
    try:
        _, first_headers, first_body = through_wsgi(review.url)
        with django_assert_num_queries(0):
            status, headers, body = through_wsgi(review.url)
    finally:
        request_started.disconnect(count)

    assert first_headers["X-Page-Cache"] == "miss"
    assert status == "200 OK" and headers["X-Page-Cache"] == "hit"
    assert len(requests_started) == 1
    assert body == first_body
    assert headers["Content-Security-Policy"] == first_headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_before_django_a_takedown_is_never_served(admin_client, review):
    through_wsgi(review.url)
    through_wsgi(review.url)

    admin_client.post(f"/admin/pages/{review.pk}/unpublish/")

    status, headers, _ = through_wsgi(review.url)
    assert status.startswith("410") and "X-Page-Cache" not in headers


def test_before_django_a_signed_in_editor_is_never_served_from_the_cache(review):
    through_wsgi(review.url)

    _, headers, _ = through_wsgi(review.url, cookie="sessionid=abc")

    assert "X-Page-Cache" not in headers


# --- every change is visible on the next request --------------------------------------


def test_an_edit_published_in_the_editor_is_visible_on_the_next_request(admin_client, review):
    assert cached(review.url)["X-Page-Cache"] == "hit"

    publish_through_the_editor(admin_client, review, title="Child WR (revised)")

    response = visit(review.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Child WR (revised)" in response.content.decode()
    assert "Child WR (revised)" in visit(review.get_parent().url).content.decode()


def test_a_draft_saved_in_the_editor_is_not_shown(admin_client, review):
    url = f"/admin/pages/{review.pk}/edit/"
    form = querydict_from_html(admin_client.get(url).content.decode(), form_id="page-edit-form")
    form["title"] = "Child WR (draft)"
    admin_client.post(url, form)

    assert "Child WR (draft)" not in visit(review.url).content.decode()


def test_an_unpublished_review_is_never_served_from_the_cache(admin_client, review):
    cached(review.url)
    cached(review.get_parent().url)

    admin_client.post(f"/admin/pages/{review.pk}/unpublish/")

    assert visit(review.url).status_code == 410
    assert "Child WR" not in visit(review.get_parent().url).content.decode()


def test_a_withdrawn_review_is_never_served_from_the_cache(admin_client, review_index, partnership):
    review = CSPRPageFactory(parent=review_index, title="Young Person A")
    cached(review.url)

    response = admin_client.post(f"/admin/reviews/withdraw/{review.pk}/", {"reason": REASON, "confirm": "on"})

    assert response.status_code == 302
    assert visit(review.url).status_code == 410


def test_a_scheduled_takedown_by_the_scheduler_is_never_served_from_the_cache(review):
    cached(review.url)
    expired = timezone.now() - datetime.timedelta(minutes=5)
    type(review).objects.filter(pk=review.pk).update(expire_at=expired)
    Page.objects.filter(pk=review.pk).update(expire_at=expired)

    call_command("publish_on_schedule")

    assert visit(review.url).status_code == 410


def test_making_a_page_private_is_never_hidden_by_the_cache(review):
    cached(review.url)

    PageViewRestriction.objects.create(page=review, restriction_type=PageViewRestriction.LOGIN)

    assert visit(review.url).status_code == 302


def test_replacing_a_document_is_visible_on_the_next_request(review):
    cached(review.url)

    review.report.title = "Full report (second edition)"
    review.report.save()

    assert visit(review.url)["X-Page-Cache"] == "miss"


def test_changing_a_theme_is_visible_on_the_next_request(review):
    theme = Theme.objects.create(name="Neglect")
    cached(review.url)

    theme.name = "Neglect and emotional abuse"
    theme.save()

    assert visit(review.url)["X-Page-Cache"] == "miss"


def test_changing_the_partnership_settings_is_visible_on_the_next_request(partnership):
    cached("/")

    partnership.partnership_name = "Northshire Safeguarding Children Partnership"
    partnership.save()

    response = visit("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Northshire" in response.content.decode()


def test_a_change_is_invalidated_again_once_committed(review, django_capture_on_commit_callbacks):
    """A visitor who read the old rows just before the commit must not keep them in the cache."""
    with django_capture_on_commit_callbacks() as callbacks:
        review.save_revision().publish()
        cached(review.url)

    for callback in callbacks:
        callback()

    assert visit(review.url)["X-Page-Cache"] == "miss"


# --- Redis, shared by several app servers ---------------------------------------------


@pytest.fixture
def redis_cache(settings):
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"cspr-test-{time.time_ns()}",
        }
    }
    yield
    cache.clear()


def test_with_redis_the_cache_and_its_generation_are_shared(redis_cache, review):
    assert page_cache._generation_file() is None
    assert cached(review.url)["X-Page-Cache"] == "hit"

    review.title = "Child WR (revised)"
    review.save_revision().publish()

    assert "Child WR (revised)" in visit(review.url).content.decode()


# --- the report as a web page, part of its review -----------------------------------------


def test_a_withdrawn_reviews_report_page_is_never_served_from_the_cache(
    admin_client, review_index, partnership
):
    review = CSPRPageFactory(parent=review_index, title="Young Person A", report_body=report_body_data(1))
    assert cached(f"{review.url}report/")["X-Page-Cache"] == "hit"

    response = admin_client.post(f"/admin/reviews/withdraw/{review.pk}/", {"reason": REASON, "confirm": "on"})

    assert response.status_code == 302
    assert visit(f"{review.url}report/").status_code == 410


def test_publishing_purges_the_report_page_from_the_cdn_too(cdn, review, django_capture_on_commit_callbacks):
    review.report_body = report_body_data(1)
    with django_capture_on_commit_callbacks(execute=True):
        review.save_revision().publish()

    assert "http://localhost/child-safeguarding-practice-reviews/child-wr/report/" in cdn
