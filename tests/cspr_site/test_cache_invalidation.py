"""The page cache survives the staff's work in progress and drops at once for what visitors can see.

Drafts, autosaves, locks, workflow steps and uploads change nothing public, so pages stay cached
while editors type; publishing, moves, privacy, settings, sites, snippets and documents that live
pages use are visible on the next request. Every change goes through the admin view staff use.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from tests.cspr_site.factories import InformationPageFactory
from tests.cspr_site.visitors import cached, visit
from tests.pdfs import make_pdf
from tests.reviews.factories import CSPRPageFactory, ThemeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def admin_form(client, url, form_id):
    return querydict_from_html(client.get(url).content.decode(), form_id=form_id)


def save_in_the_editor(client, page, headers=None, **changes):
    """Press "Save draft" (or, with an Accept: application/json header, autosave) in the page editor."""
    url = f"/admin/pages/{page.pk}/edit/"
    form = admin_form(client, url, "page-edit-form")
    for name, value in changes.items():
        form[name] = value
    return client.post(url, form, headers=headers or {})


@pytest.fixture
def draft_review(review_index, partnership):
    """A review being written: saved, never published."""
    return CSPRPageFactory(parent=review_index, title="Child DR", published=False)


@pytest.fixture
def public_pages(review, review_index):
    """The review and the list are cached before each change."""
    pages = [review.url, review_index.url]
    for url in pages:
        assert cached(url)["X-Page-Cache"] == "hit"
    return pages


def still_cached(urls):
    return {url: visit(url)["X-Page-Cache"] for url in urls} == dict.fromkeys(urls, "hit")


def all_dropped(urls):
    return {url: visit(url)["X-Page-Cache"] for url in urls} == dict.fromkeys(urls, "miss")


# --- work in progress keeps the cache -------------------------------------------------


def test_saving_a_draft_of_a_live_review_keeps_the_cache(admin_client, review, public_pages):
    response = save_in_the_editor(admin_client, review, title="Child WR (draft)")

    assert response.status_code == 302
    assert still_cached(public_pages)


def test_an_autosave_keeps_the_cache(admin_client, review, public_pages):
    response = save_in_the_editor(
        admin_client, review, headers={"accept": "application/json"}, title="Child WR (typing)"
    )

    assert response.status_code == 200 and response.json()["success"] is True
    assert still_cached(public_pages)


def test_saving_a_draft_of_a_page_that_is_not_live_keeps_the_cache(admin_client, draft_review, public_pages):
    response = save_in_the_editor(admin_client, draft_review, title="Child DR (second draft)")

    assert response.status_code == 302
    assert Page.objects.get(pk=draft_review.pk).title == "Child DR (second draft)"
    assert still_cached(public_pages)


def test_locking_a_page_keeps_the_cache(admin_client, review, public_pages):
    assert admin_client.post(f"/admin/pages/{review.pk}/lock/").status_code == 302

    assert Page.objects.get(pk=review.pk).locked
    assert still_cached(public_pages)


def test_submitting_a_draft_to_the_workflow_keeps_the_cache(admin_client, draft_review, public_pages):
    response = save_in_the_editor(admin_client, draft_review, **{"action-submit": "action-submit"})

    assert response.status_code == 302
    assert Page.objects.get(pk=draft_review.pk).workflow_states.exists()
    assert still_cached(public_pages)


def test_uploading_a_document_keeps_the_cache(admin_client, public_pages):
    form = admin_form(admin_client, "/admin/documents/add/", "w-editor-form")
    upload = SimpleUploadedFile("new-report.pdf", make_pdf(), content_type="application/pdf")

    response = admin_client.post(
        "/admin/documents/add/", {**form.dict(), "title": "New report", "file": upload}
    )

    assert response.status_code == 302
    assert still_cached(public_pages)


def test_editing_a_document_no_live_page_uses_keeps_the_cache(admin_client, draft_review, public_pages):
    url = f"/admin/documents/edit/{draft_review.report.pk}/"
    form = admin_form(admin_client, url, "w-editor-form")
    form["title"] = "Report of a review not yet published"

    assert admin_client.post(url, form).status_code == 302
    assert still_cached(public_pages)


# --- what visitors can see drops it -------------------------------------------------------


def test_editing_a_document_a_live_review_uses_drops_the_cache(admin_client, review, public_pages):
    url = f"/admin/documents/edit/{review.report.pk}/"
    form = admin_form(admin_client, url, "w-editor-form")
    form["title"] = "Full report (second edition)"

    assert admin_client.post(url, form).status_code == 302
    assert all_dropped(public_pages)


def test_publishing_in_the_editor_drops_the_cache(admin_client, review, public_pages):
    response = save_in_the_editor(admin_client, review, title="Child WR (revised)", **{"action-publish": "1"})

    assert response.status_code == 302
    assert all_dropped(public_pages)


def test_a_page_going_off_the_site_by_a_plain_save_drops_the_cache(review, public_pages):
    """Not every route sends Wagtail's unpublish signal; the save itself is enough."""
    review.live = False
    review.save(clean=False)

    assert visit(review.url).status_code == 410


def test_moving_a_page_drops_the_cache(admin_client, home_page, review, public_pages):
    information = InformationPageFactory(parent=home_page)
    public_pages += [cached(information.url).wsgi_request.path]
    page = InformationPageFactory(parent=home_page, title="Moved page")
    cached(page.url)

    response = admin_client.post(f"/admin/pages/{page.pk}/move/{information.pk}/confirm/")

    assert response.status_code == 302
    assert all_dropped(public_pages)


def test_making_a_page_private_in_the_admin_drops_the_cache(admin_client, review, public_pages):
    response = admin_client.post(f"/admin/pages/{review.pk}/privacy/", {"restriction_type": "login"})

    assert response.status_code == 200
    assert visit(review.url).status_code == 302


def test_changing_the_partnership_settings_in_the_admin_drops_the_cache(
    admin_client, partnership, public_pages
):
    url = f"/admin/settings/cspr_site/partnershipsettings/{partnership.site_id}/"
    form = admin_form(admin_client, url, "w-editor-form")
    form["partnership_name"] = "Northshire Safeguarding Children Partnership"

    assert admin_client.post(url, form).status_code == 302
    assert all_dropped(public_pages)
    assert "Northshire" in visit(public_pages[0]).content.decode()


def test_renaming_a_theme_snippet_in_the_admin_drops_the_cache(admin_client, public_pages):
    theme = ThemeFactory(name="Neglect")
    for url in public_pages:
        cached(url)
    url = f"/admin/snippets/reviews/theme/edit/{theme.pk}/"
    form = admin_form(admin_client, url, "w-editor-form")
    form["name"] = "Neglect and emotional abuse"

    assert admin_client.post(url, form).status_code == 302
    assert all_dropped(public_pages)


def test_changing_a_site_in_the_admin_drops_the_cache(admin_client, home_page, public_pages):
    site = home_page.get_site()
    url = f"/admin/sites/edit/{site.pk}/"
    form = admin_form(admin_client, url, "w-editor-form")
    form["site_name"] = "Northshire"
    form["is_default_site"] = "on"  # a checked box without a value attribute reads back empty

    assert admin_client.post(url, form).status_code == 302
    assert all_dropped(public_pages)
