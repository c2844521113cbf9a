"""A staff day in Chromium: the preview panel, four eyes without lock-outs, and refusals that say why.

Everything the database holds is prepared in fixtures listed before the browser's: once the
browser starts it owns the test thread's event loop, where Django refuses database queries.
"""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from reviews.models import SCRPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def session_cookie(site, user):
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": site,
    }


@pytest.fixture
def demo_scr(site):
    return SCRPage.objects.live().order_by("pk").first()


@pytest.fixture
def superuser_cookie(site, superuser):
    return session_cookie(site, superuser)


def test_the_preview_panel_shows_the_page_inside_the_editor(site, demo_scr, superuser_cookie, page):
    page.context.add_cookies([superuser_cookie])
    console = []
    page.on("console", lambda message: console.append(message.text))

    page.goto(f"{site}/admin/pages/{demo_scr.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()

    # Wagtail loads each preview into a second frame and swaps it in once loaded.
    frame = page.frame_locator("iframe[src*='in_preview_panel=true']").first
    expect(frame.locator("h1")).to_contain_text(demo_scr.title)
    assert not [message for message in console if "frame" in message.lower()], console


def submitted_by(user, site):
    """A Serious Case Review drafted and submitted for moderation by `user`, through the admin."""
    from reviews.models import ReviewIndexPage
    from tests.reviews.factories import SCRPageFactory
    from tests.reviews.workflow_steps import submit

    index = ReviewIndexPage.objects.get()
    client = Client()
    client.force_login(user)
    return submit(client, SCRPageFactory(parent=index, title="Child S", slug="child-s", published=False))


@pytest.fixture
def staff(site, django_user_model):
    from django.contrib.auth.models import Group

    def member(username, group):
        user = django_user_model.objects.create_user(username=username, email=f"{username}@example.org")
        user.groups.add(Group.objects.get(name=group))
        return user

    return {"editor": member("erin", "Editors"), "moderator": member("mo", "Moderators")}


@pytest.fixture
def editors_submission(site, staff):
    return submitted_by(staff["editor"], site)


@pytest.fixture
def moderator_cookie(site, staff):
    return session_cookie(site, staff["moderator"])


@pytest.fixture
def editor_cookie(site, staff):
    return session_cookie(site, staff["editor"])


APPROVE = "[data-workflow-action-name='approve']"


def test_a_moderator_who_saves_an_unchanged_draft_keeps_approve_and_their_list(
    site, editors_submission, moderator_cookie, page
):
    page.context.add_cookies([moderator_cookie])
    edit_url = f"{site}/admin/pages/{editors_submission.pk}/edit/"
    page.goto(edit_url)
    expect(page.locator(APPROVE).first).to_be_attached()

    # Reading the submission and saving it as it is, as autosave does while they read.
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(edit_url)

    expect(page.locator(APPROVE).first).to_be_attached()
    page.goto(f"{site}/admin/")
    expect(page.get_by_role("link", name="Child S").first).to_be_visible()


@pytest.fixture
def superusers_submission(site, superuser):
    return submitted_by(superuser, site)


def test_an_administrator_is_offered_neither_approve_nor_publish_for_their_own_submission(
    site, superusers_submission, superuser_cookie, page
):
    page.context.add_cookies([superuser_cookie])

    page.goto(f"{site}/admin/pages/{superusers_submission.pk}/edit/")

    expect(page.locator("[name='action-publish']")).to_have_count(0)
    expect(page.locator(APPROVE)).to_have_count(0)
    page.goto(f"{site}/admin/bulk/wagtailcore/page/publish/?id={superusers_submission.pk}")
    expect(page.get_by_text("so you cannot publish it yourself")).to_be_visible()


@pytest.fixture
def approve_address(site, editors_submission):
    """The address the moderators' e-mail and dashboard link to."""
    task_state = editors_submission.current_workflow_task_state.pk
    return f"{site}/admin/pages/workflow/action/{editors_submission.pk}/approve/{task_state}/"


def test_an_editor_opening_the_approval_of_their_own_submission_reads_why(
    site, approve_address, editor_cookie, page
):
    page.context.add_cookies([editor_cookie])

    page.goto(approve_address)

    expect(page.get_by_text("so you cannot approve it yourself")).to_be_visible()
    expect(page.get_by_text("Sorry, you do not have permission")).to_have_count(0)
