"""What staff do in the admin, step by step, for tests of the editorial process to call."""

from wagtail.test.utils.form_data import querydict_from_html


def edit_form(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return querydict_from_html(response.content.decode(), form_id="page-edit-form")


def approve(client, page):
    """What a moderator does from the dashboard: the workflow action view, without the editor."""
    task_state = page.current_workflow_task_state
    return client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""})


def follow(client, response):
    assert response.status_code == 302
    return client.get(response["Location"], follow=True)


def messages_in(response):
    return [str(message).strip() for message in response.context["messages"]]


def submit(client, page):
    """What "Submit to Review publication" in the editor does for an existing draft."""
    data = edit_form(client, page)
    data["action-submit"] = "Submit"
    assert client.post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302
    page.refresh_from_db()
    return page
