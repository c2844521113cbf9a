"""Staff see how many follow each theme; the addresses only with the permission for it."""

import pytest
from django.contrib.auth.models import Permission

from tests.learning.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/email-alerts/"


@pytest.fixture
def subscribers(neglect, safer_sleep):
    SubscriberFactory(email="all.themes@example.org")
    SubscriberFactory(email="neglect.one@example.org", themes=[neglect])
    SubscriberFactory(email="neglect.two@example.org", themes=[neglect, safer_sleep], frequency="weekly")
    SubscriberFactory(email="not.yet@example.org", confirmed_at=None, themes=[neglect])


def rows(html):
    import re

    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
    ]


def test_staff_see_the_number_of_subscribers_per_theme_and_no_address(
    client_for, editor_user, subscribers, django_assert_max_num_queries
):
    client = client_for(editor_user)

    with django_assert_max_num_queries(20):
        response = client.get(REPORT)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Neglect 2 3" in rows(html)  # chose it; with those who chose every theme
    assert "Safer sleep 1 2" in rows(html)
    assert "Confirmed 3" in rows(html)
    assert "Signed up, not yet confirmed (deleted after 7 days) 1" in rows(html)
    assert "Weekly digest 1" in rows(html)
    assert "@example.org" not in html


def test_staff_with_the_permission_also_see_the_addresses(client_for, editor_user, subscribers):
    editor_user.user_permissions.add(Permission.objects.get(codename="view_subscriber_addresses"))

    html = client_for(editor_user).get(REPORT).content.decode()

    for address in ("all.themes", "neglect.one", "neglect.two", "not.yet"):
        assert f"{address}@example.org" in html


def test_the_permission_can_be_granted_to_a_group_in_the_admin(admin_client):
    html = admin_client.get("/admin/groups/new/").content.decode()

    assert "Can see the e-mail addresses of alert subscribers" in html


def test_the_reports_menu_lists_the_alerts_report(client_for, editor_user):
    html = client_for(editor_user).get("/admin/").content.decode()

    assert REPORT in html


def test_the_public_cannot_open_the_report(client, subscribers):
    response = client.get(REPORT)

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
