"""The editorial process end to end in the admin, with real editors, moderators and administrators."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry, TaskState, Workflow, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from reviews.editorial import statutory_notice
from reviews.models import CSPRPage, SCRPage
from reviews.window import rules
from tests.learning.factories import LearningPageFactory
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory
from tests.reviews.workflow_steps import approve, edit_form, follow, messages_in, submit

pytestmark = pytest.mark.django_db


def working_days_before(day, count):
    while count:
        day -= datetime.timedelta(days=1)
        if statutory_notice.is_working_day(day):
            count -= 1
    return day


def create_and_submit_cspr(client, index, title="Child Q", notified_on=None):
    """What an editor does: fill in the new CSPR form and press "Submit to Review publication"."""
    url = f"/admin/pages/add/reviews/csprpage/{index.pk}/"
    response = client.get(url)
    assert b"Submit to Review publication" in response.content
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data["title"] = title
    data["slug"] = title.lower().replace(" ", "-")
    data["publication_date"] = timezone.localdate().isoformat()
    data["summary"] = rich_text("<p>What happened and what the partnership learned.</p>")
    data["panel_notified_on"] = notified_on.isoformat() if notified_on else ""
    data["action-submit"] = "Submit"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return CSPRPage.objects.get(slug=data["slug"])


def test_an_editor_drafts_a_moderator_approves_and_the_review_goes_live(
    review_index, editor_user, moderator_user, second_moderator_user, client_for, mailoutbox
):
    editor, moderator = client_for(editor_user), client_for(moderator_user)
    second_moderator = client_for(second_moderator_user)
    today = timezone.localdate()

    review = create_and_submit_cspr(editor, review_index, notified_on=working_days_before(today, 6))

    assert not review.live
    assert moderator_user.email in {address for message in mailoutbox for address in message.to}
    assert review.current_workflow_state.requested_by == editor_user
    assert review.current_workflow_task.name == "Statutory notice"

    # Six working days' notice is one too few: the check is refused and says when it can go out.
    refused = approve(moderator, review)
    shown = messages_in(follow(moderator, refused))
    earliest = statutory_notice.earliest_publication_date(working_days_before(today, 6))
    assert any(
        f"earliest allowed publication date is {statutory_notice.format_day(earliest)}" in m for m in shown
    )
    review.refresh_from_db()
    assert review.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert review.current_workflow_task.name == "Statutory notice"
    assert PageLogEntry.objects.filter(page=review, action="reviews.workflow.approval_refused").exists()

    # The moderator corrects the date (the report went a day earlier); having changed it, they
    # cannot approve it themselves, and a second moderator's check passes.
    data = edit_form(moderator, review)
    data["panel_notified_on"] = working_days_before(today, 7).isoformat()
    assert moderator.post(f"/admin/pages/{review.pk}/edit/", data).status_code == 302
    shown = messages_in(follow(moderator, approve(moderator, review)))
    assert any("You changed “Child Q” after it was submitted" in m for m in shown)
    assert approve(second_moderator, review).status_code == 302
    review.refresh_from_db()
    assert review.current_workflow_task.name == "Moderator approval"
    assert not review.live

    # Approving the last step publishes, as the moderator, who holds no publish permission.
    assert not review.permissions_for_user(second_moderator_user).can_publish()
    assert approve(second_moderator, review).status_code == 302

    review.refresh_from_db()
    assert review.live
    assert review.live_since is not None
    assert review.current_workflow_state is None
    assert WorkflowState.objects.get(requested_by=editor_user).status == WorkflowState.STATUS_APPROVED
    assert PageLogEntry.objects.get(page=review, action="wagtail.publish").user == second_moderator_user
    assert editor.get(review.url).status_code == 200


def test_nobody_approves_their_own_submission_even_in_the_approving_group(
    review_index, moderator_user, administrator_user, client_for
):
    moderator, administrator = client_for(moderator_user), client_for(administrator_user)
    review = create_and_submit_cspr(
        moderator, review_index, notified_on=working_days_before(timezone.localdate(), 10)
    )
    assert approve(administrator, review).status_code == 302  # the statutory notice step
    review.refresh_from_db()
    task_state = review.current_workflow_task_state
    assert task_state.task.name == "Moderator approval"

    refused = approve(moderator, review)

    shown = messages_in(follow(moderator, refused))
    assert any(
        "You submitted “Child Q” for moderation, so you cannot approve it yourself." in m for m in shown
    )
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    review.refresh_from_db()
    assert not review.live

    # Nor from the editor, where the button is not even offered to the submitter.
    html = moderator.get(f"/admin/pages/{review.pk}/edit/").content.decode()
    assert 'data-workflow-action-name="approve"' not in html
    data = edit_form(moderator, review)
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
    shown = messages_in(follow(moderator, moderator.post(f"/admin/pages/{review.pk}/edit/", data)))
    assert any("you cannot approve it yourself" in m for m in shown)
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS

    # Someone else in the group can.
    assert (
        'data-workflow-action-name="approve"'
        in administrator.get(f"/admin/pages/{review.pk}/edit/").content.decode()
    )
    approve(administrator, review)
    review.refresh_from_db()
    assert review.live


def test_the_notice_step_counts_working_days_over_christmas_and_new_year_for_a_scheduled_go_live(
    review_index, editor_user, moderator_user, client_for
):
    """Going live on the first working day after the next New Year's Day: the holidays do not count."""
    moderator = client_for(moderator_user)
    today = timezone.localdate()
    new_year = datetime.date(today.year + 1, 1, 1)
    go_live_on = next(
        new_year + datetime.timedelta(days=n)
        for n in range(1, 8)
        if statutory_notice.is_working_day(new_year + datetime.timedelta(days=n))
    )
    seven_back = working_days_before(go_live_on, 7)
    # Seven working days, two weekends, Christmas Day, Boxing Day and New Year's Day.
    assert (go_live_on - seven_back).days >= 14
    review = CSPRPageFactory(
        parent=review_index,
        published=False,
        panel_notified_on=seven_back + datetime.timedelta(days=1),
        go_live_at=datetime.datetime.combine(
            go_live_on, datetime.time(9), tzinfo=timezone.get_current_timezone()
        ),
    )
    # Those dates may still lie ahead, which the editor form would refuse, so they are saved directly.
    review.save_revision(user=editor_user, clean=False)
    Workflow.objects.get(name="Review publication").start(review, editor_user)

    refused = approve(moderator, review)

    shown = messages_in(follow(moderator, refused))
    later = statutory_notice.earliest_publication_date(seven_back + datetime.timedelta(days=1))
    assert later > go_live_on
    assert any(
        f"earliest allowed publication date is {statutory_notice.format_day(later)}" in m for m in shown
    )

    review.panel_notified_on = seven_back
    review.save_revision(user=editor_user, clean=False)
    approve(moderator, review)
    review.refresh_from_db()
    assert review.current_workflow_task.name == "Moderator approval"


def test_approving_from_the_editor_shows_the_notice_refusal_beside_the_date(
    review_index, editor_user, moderator_user, second_moderator_user, client_for
):
    moderator = client_for(moderator_user)
    notified_on = working_days_before(timezone.localdate(), 6)
    review = create_and_submit_cspr(client_for(editor_user), review_index, notified_on=notified_on)
    data = edit_form(moderator, review)
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})

    response = moderator.post(f"/admin/pages/{review.pk}/edit/", data)

    assert response.status_code == 200
    earliest = statutory_notice.format_day(statutory_notice.earliest_publication_date(notified_on))
    assert f"earliest allowed publication date is {earliest}" in str(
        response.context["form"].errors["panel_notified_on"]
    )
    review.refresh_from_db()
    assert review.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS

    # Correcting the date and approving at once is the moderator approving their own change.
    data["panel_notified_on"] = working_days_before(timezone.localdate(), 7).isoformat()
    response = moderator.post(f"/admin/pages/{review.pk}/edit/", data)
    assert "You changed “Child Q” after it was submitted" in str(response.context["form"].non_field_errors())
    review.refresh_from_db()
    assert review.current_workflow_task.name == "Statutory notice"

    # Saved as a draft instead, the correction is approved by a second moderator.
    del data["action-workflow-action"], data["workflow-action-name"]
    assert moderator.post(f"/admin/pages/{review.pk}/edit/", data).status_code == 302
    approve(client_for(second_moderator_user), review)
    review.refresh_from_db()
    assert review.current_workflow_task.name == "Moderator approval"
    assert review.get_latest_revision_as_object().panel_notified_on == working_days_before(
        timezone.localdate(), 7
    )


def test_own_submissions_are_left_out_of_awaiting_your_review(
    review_index, editor_user, moderator_user, client_for
):
    for title, user in [("From the editor", editor_user), ("From the moderator", moderator_user)]:
        submit(client_for(user), SCRPageFactory(parent=review_index, title=title, published=False))

    reviewable = TaskState.objects.reviewable_by(moderator_user)

    assert [state.revision.content_object.title for state in reviewable] == ["From the editor"]


def test_approving_with_a_go_live_date_schedules_the_review_instead(
    review_index, editor_user, moderator_user, second_moderator_user, administrator_user, client_for
):
    editor, moderator = client_for(editor_user), client_for(moderator_user)
    review = create_and_submit_cspr(editor, review_index, notified_on=timezone.localdate())
    earliest = statutory_notice.earliest_publication_date(timezone.localdate())
    go_live_at = datetime.datetime.combine(
        earliest, datetime.time(9, 30), tzinfo=timezone.get_current_timezone()
    )
    data = edit_form(moderator, review)
    data["go_live_at"] = go_live_at.strftime("%Y-%m-%d %H:%M")
    moderator.post(f"/admin/pages/{review.pk}/edit/", data)

    approve(client_for(second_moderator_user), review)
    approve(client_for(administrator_user), review)

    review.refresh_from_db()
    assert not review.live
    assert review.scheduled_revision.approved_go_live_at == go_live_at


def test_a_go_live_date_inside_the_notice_period_is_refused_at_approval(
    review_index, editor_user, moderator_user, second_moderator_user, client_for
):
    editor, moderator = client_for(editor_user), client_for(moderator_user)
    review = create_and_submit_cspr(editor, review_index, notified_on=timezone.localdate())
    too_soon = timezone.now() + datetime.timedelta(hours=1)
    data = edit_form(moderator, review)
    data["go_live_at"] = timezone.localtime(too_soon).strftime("%Y-%m-%d %H:%M")
    moderator.post(f"/admin/pages/{review.pk}/edit/", data)

    second_moderator = client_for(second_moderator_user)
    shown = messages_in(follow(second_moderator, approve(second_moderator, review)))

    assert any("the earliest allowed publication date is" in m for m in shown)
    review.refresh_from_db()
    assert review.current_workflow_task.name == "Statutory notice"


@pytest.mark.parametrize("page_type", ["scr", "learning"])
def test_serious_case_reviews_and_learning_pages_pass_the_statutory_notice_step_automatically(
    review_index, editor_user, moderator_user, client_for, page_type
):
    if page_type == "scr":
        page = SCRPageFactory(parent=review_index, published=False)
    else:
        page = LearningPageFactory(
            parent=review_index, review=CSPRPageFactory(parent=review_index), published=False
        )

    page = submit(client_for(editor_user), page)

    assert page.current_workflow_task.name == "Moderator approval"
    notice_state = page.current_workflow_state.task_states.get(task__name="Statutory notice")
    assert notice_state.status == TaskState.STATUS_APPROVED
    approve(client_for(moderator_user), page)
    page.refresh_from_db()
    assert page.live


def test_an_editor_cannot_publish_even_by_posting_the_publish_button(review_index, editor_user, client_for):
    editor = client_for(editor_user)
    review = create_and_submit_cspr(
        editor, review_index, notified_on=working_days_before(timezone.localdate(), 10)
    )
    review.current_workflow_state.cancel(user=editor_user)
    data = edit_form(editor, review)
    assert "action-publish" not in editor.get(f"/admin/pages/{review.pk}/edit/").content.decode()
    data["action-publish"] = "Publish"

    editor.post(f"/admin/pages/{review.pk}/edit/", data)

    review.refresh_from_db()
    assert not review.live
    assert not review.permissions_for_user(editor_user).can_publish()


def test_an_editor_cannot_unpublish_a_live_review(review_index, editor_user, client_for):
    review = CSPRPageFactory(parent=review_index)
    CSPRPage.objects.filter(pk=review.pk).update(live_since=timezone.now() - datetime.timedelta(days=800))

    assert not review.permissions_for_user(editor_user).can_unpublish()
    response = client_for(editor_user).post(f"/admin/pages/{review.pk}/unpublish/")

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.live


def test_an_administrator_publishing_directly_is_held_to_the_notice_period(
    review_index, administrator_user, client_for
):
    administrator = client_for(administrator_user)
    review = CSPRPageFactory(parent=review_index, published=False, panel_notified_on=None)
    data = edit_form(administrator, review)
    data["action-publish"] = "Publish"

    response = administrator.post(f"/admin/pages/{review.pk}/edit/", data)

    assert response.status_code == 200
    assert "Record the date the full report was sent" in str(
        response.context["form"].errors["panel_notified_on"]
    )
    review.refresh_from_db()
    assert not review.live

    data["panel_notified_on"] = working_days_before(timezone.localdate(), 7).isoformat()
    assert administrator.post(f"/admin/pages/{review.pk}/edit/", data).status_code == 302
    review.refresh_from_db()
    assert review.live


def test_a_scheduled_go_live_date_far_enough_ahead_is_accepted_from_the_editor(
    review_index, administrator_user, client_for
):
    administrator = client_for(administrator_user)
    review = CSPRPageFactory(parent=review_index, published=False, panel_notified_on=timezone.localdate())
    earliest = statutory_notice.earliest_publication_date(timezone.localdate())
    data = edit_form(administrator, review)
    data["action-publish"] = "Publish"
    data["go_live_at"] = f"{(earliest - datetime.timedelta(days=1)).isoformat()} 10:00"

    refused = administrator.post(f"/admin/pages/{review.pk}/edit/", data)

    assert statutory_notice.format_day(earliest) in str(refused.context["form"].errors["panel_notified_on"])
    data["go_live_at"] = f"{earliest.isoformat()} 10:00"
    assert administrator.post(f"/admin/pages/{review.pk}/edit/", data).status_code == 302
    review.refresh_from_db()
    assert not review.live
    assert review.scheduled_revision is not None


def test_drafts_save_without_a_notice_date(review_index, editor_user, client_for):
    editor = client_for(editor_user)
    review = CSPRPageFactory(parent=review_index, published=False, panel_notified_on=None, owner=editor_user)
    data = edit_form(editor, review)
    data["title"] = "Child Q (draft)"

    assert editor.post(f"/admin/pages/{review.pk}/edit/", data).status_code == 302

    review.refresh_from_db()
    assert review.get_latest_revision().content["title"] == "Child Q (draft)"
    assert not review.live


def test_a_live_review_without_a_recorded_notice_date_can_still_be_edited(
    review_index, administrator_user, client_for
):
    review = CSPRPageFactory(parent=review_index)
    CSPRPage.objects.filter(pk=review.pk).update(panel_notified_on=None)
    administrator = client_for(administrator_user)
    data = edit_form(administrator, review)
    data["title"] = "Young Person A (corrected)"
    data["action-publish"] = "Publish"

    assert administrator.post(f"/admin/pages/{review.pk}/edit/", data).status_code == 302

    review.refresh_from_db()
    assert review.title == "Young Person A (corrected)"


def test_bulk_publishing_a_cspr_without_notice_is_refused_naming_it(
    review_index, administrator_user, client_for
):
    review = CSPRPageFactory(parent=review_index, published=False, panel_notified_on=None, title="Child Q")
    scr = SCRPageFactory(parent=review_index, published=False)
    administrator = client_for(administrator_user)
    query = f"id={review.pk}&id={scr.pk}&next=/admin/pages/{review_index.pk}/"
    url = f"/admin/bulk/wagtailcore/page/publish/?{query}"

    response = administrator.post(url, {"include_descendants": ""})

    shown = messages_in(follow(administrator, response))
    assert any("Nothing has been published. “Child Q”: Record the date" in m for m in shown)
    assert not CSPRPage.objects.get(pk=review.pk).live
    assert not SCRPage.objects.get(pk=scr.pk).live


def test_the_dashboard_shows_each_person_their_submissions_awaiting_action(
    review_index, editor_user, moderator_user, client_for
):
    editor, moderator = client_for(editor_user), client_for(moderator_user)
    notified_on = working_days_before(timezone.localdate(), 2)
    review = create_and_submit_cspr(editor, review_index, notified_on=notified_on)

    html = editor.get("/admin/").content.decode()

    assert "Your pages and snippets in a workflow" not in html
    panel = html[html.index("Your submissions awaiting action") :]
    earliest = statutory_notice.format_day(statutory_notice.earliest_publication_date(notified_on))
    assert re.search(r"Child Q</a>\s*</td>\s*<td>Awaiting Statutory notice</td>", panel)
    assert f"Earliest publication {earliest}" in panel

    task_state = review.current_workflow_task_state
    moderator.post(
        f"/admin/pages/workflow/action/{review.pk}/reject/{task_state.pk}/", {"comment": "Add the date"}
    )

    assert (
        "Changes requested at Statutory notice: edit and resubmit" in editor.get("/admin/").content.decode()
    )
    assert "Your submissions awaiting action" not in moderator.get("/admin/").content.decode()


def awaiting_your_review(html):
    return html[html.index("Awaiting your review") :]


def test_awaiting_your_review_shows_the_step_and_the_earliest_publication_date(
    review_index, editor_user, moderator_user, administrator_user, client_for
):
    notified_on = working_days_before(timezone.localdate(), 2)
    create_and_submit_cspr(client_for(editor_user), review_index, notified_on=notified_on)

    panel = awaiting_your_review(client_for(moderator_user).get("/admin/").content.decode())

    earliest = statutory_notice.format_day(statutory_notice.earliest_publication_date(notified_on))
    assert "<td>Awaiting Statutory notice</td>" in panel
    assert f"<td>Earliest publication {earliest}</td>" in panel


def test_the_dashboard_words_approval_as_the_editor_does_where_approving_publishes(
    review_index, editor_user, moderator_user, administrator_user, client_for
):
    moderator = client_for(moderator_user)
    review = create_and_submit_cspr(
        client_for(editor_user), review_index, notified_on=working_days_before(timezone.localdate(), 10)
    )
    assert ">Approve</button>" in awaiting_your_review(moderator.get("/admin/").content.decode())

    approve(client_for(administrator_user), review)  # the statutory notice step

    panel = awaiting_your_review(moderator.get("/admin/").content.decode())
    editor_html = moderator.get(f"/admin/pages/{review.pk}/edit/").content.decode()
    assert ">Approve and Publish</button>" in panel
    assert ">Approve with comment and Publish</button>" in panel
    assert "Approve and Publish" in editor_html


def test_approving_from_the_dashboard_says_what_each_step_did(
    review_index, editor_user, moderator_user, administrator_user, client_for
):
    moderator = client_for(moderator_user)
    review = create_and_submit_cspr(
        client_for(editor_user), review_index, notified_on=working_days_before(timezone.localdate(), 10)
    )

    first = messages_in(follow(moderator, approve(moderator, review)))
    second = messages_in(follow(moderator, approve(moderator, review)))

    assert "“Child Q” passed Statutory notice; it now awaits Moderator approval." in first
    assert "“Child Q” is approved and published." in second


def test_approving_a_review_with_a_go_live_date_says_when_it_will_publish(
    review_index, editor_user, moderator_user, second_moderator_user, client_for
):
    editor, moderator = client_for(editor_user), client_for(moderator_user)
    second_moderator = client_for(second_moderator_user)
    review = create_and_submit_cspr(editor, review_index, notified_on=timezone.localdate())
    go_live_at = datetime.datetime.combine(
        statutory_notice.earliest_publication_date(timezone.localdate()),
        datetime.time(9, 30),
        tzinfo=timezone.get_current_timezone(),
    )
    data = edit_form(moderator, review)
    data["go_live_at"] = go_live_at.strftime("%Y-%m-%d %H:%M")
    moderator.post(f"/admin/pages/{review.pk}/edit/", data)
    approve(second_moderator, review)

    shown = messages_in(follow(second_moderator, approve(second_moderator, review)))

    assert f"“Child Q” is approved and scheduled to publish on {rules.format_moment(go_live_at)}." in shown


def test_approving_in_the_editor_says_published_rather_than_updated(
    review_index, editor_user, moderator_user, client_for
):
    moderator = client_for(moderator_user)
    review = create_and_submit_cspr(
        client_for(editor_user), review_index, notified_on=working_days_before(timezone.localdate(), 10)
    )
    approve(moderator, review)
    data = edit_form(moderator, review)
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})

    shown = messages_in(follow(moderator, moderator.post(f"/admin/pages/{review.pk}/edit/", data)))

    assert "“Child Q” is approved and published." in shown
    assert not any("has been updated" in message for message in shown)


def test_changes_requested_reach_the_editor_with_the_moderators_comment_and_name(
    review_index, editor_user, moderator_user, client_for, mailoutbox, settings
):
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True
    editor, moderator = client_for(editor_user), client_for(moderator_user)
    review = create_and_submit_cspr(
        editor, review_index, notified_on=working_days_before(timezone.localdate(), 10)
    )
    task_state = review.current_workflow_task_state
    mailoutbox.clear()

    response = moderator.post(
        f"/admin/pages/workflow/action/{review.pk}/reject/{task_state.pk}/",
        {"comment": "Say which agencies took part."},
    )

    shown = messages_in(follow(moderator, response))
    assert any(
        message.startswith("Changes requested on “Child Q”. It goes back to Editor") for message in shown
    )
    dashboard = editor.get("/admin/").content.decode()
    assert "Moderator wrote: “Say which agencies took part.”" in dashboard
    editor_html = editor.get(f"/admin/pages/{review.pk}/edit/").content.decode()
    assert re.search(r"Changes requested [^<\"]* by Moderator", editor_html)
    assert not re.search(r"Changes requested [^<\"]* by Editor", editor_html)
    (email,) = [message for message in mailoutbox if editor_user.email in message.to]
    assert email.subject == 'Changes requested on "Child Q" at Statutory notice'
    assert 'Moderator has requested changes to "Child Q"' in email.body
    assert "Say which agencies took part." in email.body
    html_body = email.alternatives[0][0]
    assert "Moderator has requested changes to “Child Q”" in html_body
    assert "rejected" not in email.subject + email.body + html_body


def test_a_refused_approval_tells_the_moderator_what_they_can_do(
    review_index, editor_user, moderator_user, client_for
):
    moderator = client_for(moderator_user)
    review = create_and_submit_cspr(
        client_for(editor_user), review_index, notified_on=working_days_before(timezone.localdate(), 6)
    )

    shown = messages_in(follow(moderator, approve(moderator, review)))

    (refusal,) = [message for message in shown if "earliest allowed publication date" in message]
    assert "It can go live on or after that date: set a go-live date then or later" in refusal
    assert "Publish" not in refusal


def test_the_submitter_cannot_pass_their_own_statutory_notice_step(review_index, moderator_user, client_for):
    moderator = client_for(moderator_user)
    review = create_and_submit_cspr(
        moderator, review_index, notified_on=working_days_before(timezone.localdate(), 10)
    )

    shown = messages_in(follow(moderator, approve(moderator, review)))

    assert any("You submitted “Child Q” for moderation" in m for m in shown)
    review.refresh_from_db()
    assert review.current_workflow_task.name == "Statutory notice"


def test_a_moderator_who_changed_a_submission_is_not_asked_to_review_it(
    review_index, editor_user, moderator_user, second_moderator_user, client_for
):
    moderator = client_for(moderator_user)
    review = create_and_submit_cspr(
        client_for(editor_user), review_index, notified_on=working_days_before(timezone.localdate(), 10)
    )
    data = edit_form(moderator, review)
    data["summary"] = rich_text("<p>Words only the moderator has read.</p>")
    assert moderator.post(f"/admin/pages/{review.pk}/edit/", data).status_code == 302

    assert not TaskState.objects.reviewable_by(moderator_user).exists()
    assert TaskState.objects.reviewable_by(second_moderator_user).exists()
    html = moderator.get(f"/admin/pages/{review.pk}/edit/").content.decode()
    assert 'data-workflow-action-name="approve"' not in html
    shown = messages_in(follow(moderator, approve(moderator, review)))
    assert any("You changed “Child Q” after it was submitted" in m for m in shown)
