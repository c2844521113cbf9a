import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from reviews.models import CSPRPage
from reviews.window import rules
from tests.cspr_site.factories import InformationPageFactory
from tests.learning.factories import LearningPageFactory
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory

REPORT_URL = "/admin/reports/publication-windows/"


def went_live(page, ago):
    """Backdate when the page went live, as if it had been published `ago` before now."""
    type(page).objects.filter(pk=page.pk).update(live_since=timezone.now() - ago)
    page.refresh_from_db()
    return page


def taken_down(page, kind):
    type(page).objects.filter(pk=page.pk).update(live=False, taken_down_at=timezone.now(), takedown_kind=kind)
    page.refresh_from_db()
    return page


def rows_by_title(response):
    return {row.title: row for row in response.context["object_list"]}


def downloaded(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def pages(review_index):
    """One page in each state the report distinguishes."""
    in_window = went_live(
        CSPRPageFactory(parent=review_index, title="Young Person A"),
        datetime.timedelta(days=100, hours=12),
    )
    ended = went_live(SCRPageFactory(parent=review_index, title="Child S"), datetime.timedelta(days=730))
    scheduled = CSPRPageFactory(parent=review_index, title="Child Scheduled", published=False)
    CSPRPage.objects.filter(pk=scheduled.pk).update(go_live_at=timezone.now() + datetime.timedelta(days=10))
    return {
        "in_window": in_window,
        "ended": ended,
        "learning": LearningPageFactory(parent=review_index, review=in_window, title="Learning A"),
        "scheduled": scheduled,
        "withdrawn": taken_down(
            CSPRPageFactory(parent=review_index, title="Child Withdrawn"),
            rules.TakedownKind.WITHDRAWN,
        ),
        "taken_down": taken_down(
            SCRPageFactory(parent=review_index, title="Child Expired"),
            rules.TakedownKind.EXPIRED,
        ),
        "draft": CSPRPageFactory(parent=review_index, title="Child Draft", published=False),
    }


@pytest.fixture
def page_editor(django_user_model, review_index):
    """An editor who may edit the reviews section and nothing else."""
    group = Group.objects.create(name="Review editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=review_index, permission=Permission.objects.get(codename="change_page")
    )
    user = django_user_model.objects.create_user(username="editor", password="x")
    user.groups.add(group)
    return user


@pytest.mark.django_db
def test_every_review_and_summary_is_listed_with_its_status(admin_client, pages, home_page):
    InformationPageFactory(parent=home_page, title="About us")

    response = admin_client.get(REPORT_URL)

    assert response.status_code == 200
    statuses = {title: row.status_label for title, row in rows_by_title(response).items()}
    assert statuses == {
        "Young Person A": "Live – in window",
        "Learning A": "Live – in window",
        "Child S": "Live – window ended",
        "Child Scheduled": "Scheduled",
        "Child Withdrawn": "Withdrawn",
        "Child Expired": "Taken down",
        "Child Draft": "Draft",
    }


@pytest.mark.django_db
def test_each_row_shows_its_type_and_dates(admin_client, pages):
    review = pages["in_window"]
    takedown = rules.one_calendar_year_after(review.live_since + datetime.timedelta(days=400))
    CSPRPage.objects.filter(pk=review.pk).update(expire_at=takedown)
    review.refresh_from_db()

    row = rows_by_title(admin_client.get(REPORT_URL))["Young Person A"]

    assert row.type_label == "Child Safeguarding Practice Review"
    assert row.live_since == review.live_since
    assert row.earliest_takedown == rules.earliest_takedown(review)
    assert row.scheduled_takedown == takedown


@pytest.mark.django_db
def test_a_page_in_its_window_shows_the_whole_days_until_its_earliest_takedown(admin_client, pages):
    response = admin_client.get(REPORT_URL)

    expected = (rules.earliest_takedown(pages["in_window"]) - timezone.now()).days
    assert rows_by_title(response)["Young Person A"].days_remaining == expected
    assert 263 <= expected <= 265
    assert re.search(rf"<td\s*>\s*{expected}\s*</td>", response.content.decode())


@pytest.mark.django_db
def test_pages_outside_their_window_have_no_days_remaining(admin_client, pages):
    rows = rows_by_title(admin_client.get(REPORT_URL))

    outside = [title for title, row in rows.items() if row.status_label != "Live – in window"]
    assert len(outside) == 5
    assert all(rows[title].days_remaining is None for title in outside)


@pytest.mark.django_db
def test_titles_link_to_the_page_editor_where_the_takedown_date_is_set(admin_client, pages):
    response = admin_client.get(REPORT_URL)

    assert reverse("wagtailadmin_pages:edit", args=[pages["in_window"].pk]) in response.content.decode()


@pytest.mark.django_db
def test_pages_that_may_come_down_soonest_are_listed_first(admin_client, review_index):
    went_live(CSPRPageFactory(parent=review_index, title="Recent"), datetime.timedelta(days=10))
    went_live(CSPRPageFactory(parent=review_index, title="Oldest"), datetime.timedelta(days=900))
    went_live(CSPRPageFactory(parent=review_index, title="Middle"), datetime.timedelta(days=300))

    response = admin_client.get(REPORT_URL)

    assert [row.title for row in response.context["object_list"]] == ["Oldest", "Middle", "Recent"]


@pytest.mark.django_db
def test_filtering_by_status_keeps_only_pages_with_that_status(admin_client, pages):
    response = admin_client.get(REPORT_URL, {"status": "in_window"})

    assert set(rows_by_title(response)) == {"Young Person A", "Learning A"}


@pytest.mark.django_db
def test_filtering_by_type_keeps_only_pages_of_that_type(admin_client, pages):
    response = admin_client.get(REPORT_URL, {"page_type": "reviews.scrpage"})

    assert set(rows_by_title(response)) == {"Child S", "Child Expired"}


@pytest.mark.django_db
def test_status_and_type_filters_combine(admin_client, pages):
    response = admin_client.get(REPORT_URL, {"status": "in_window", "page_type": "learning.learningpage"})

    assert set(rows_by_title(response)) == {"Learning A"}


@pytest.mark.django_db
def test_csv_export_opens_in_excel_as_utf8_with_its_byte_order_mark(admin_client, pages):
    response = admin_client.get(REPORT_URL, {"export": "csv"})
    content = downloaded(response)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert content.startswith(b"\xef\xbb\xbfTitle,")
    assert "Live – in window" in content.decode("utf-8-sig")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "title",
    [
        '=HYPERLINK("https://elsewhere.example","Open")',
        "+44 20 7946 0000",
        "-1+2",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1",
    ],
)
def test_csv_export_keeps_a_title_a_spreadsheet_would_run_as_a_formula_as_text(
    admin_client, review_index, title
):
    CSPRPageFactory(parent=review_index, title=title)

    response = admin_client.get(REPORT_URL, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(downloaded(response).decode("utf-8-sig"), newline="")))

    assert rows[1][0] == f"'{title}"


@pytest.mark.django_db
def test_the_filtered_results_fragment_is_served_for_live_filtering(admin_client, pages):
    response = admin_client.get(reverse("publication_windows_report_results"), {"status": "draft"})

    assert response.status_code == 200
    assert set(rows_by_title(response)) == {"Child Draft"}


@pytest.mark.django_db
def test_csv_export_has_the_headings_and_a_row_per_page_in_local_time(admin_client, pages):
    response = admin_client.get(
        REPORT_URL, {"export": "csv", "status": "in_window", "page_type": "reviews.csprpage"}
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(downloaded(response).decode("utf-8-sig"))))
    assert rows[0] == [
        "Title",
        "Type",
        "Status",
        "Live since",
        "Earliest takedown",
        "Scheduled takedown",
        "Days remaining in window",
    ]
    review = pages["in_window"]
    local_live_since = timezone.localtime(review.live_since, rules.PARTNERSHIP_TIME_ZONE)
    assert rows[1][:4] == [
        "Young Person A",
        "Child Safeguarding Practice Review",
        "Live – in window",
        local_live_since.strftime("%Y-%m-%d %H:%M"),
    ]
    assert rows[1][5] == ""
    assert int(rows[1][6]) > 0
    assert len(rows) == 2


@pytest.mark.django_db
def test_xlsx_export_is_a_workbook_with_the_headings_and_every_page(admin_client, pages):
    response = admin_client.get(REPORT_URL, {"export": "xlsx"})

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(downloaded(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Title", "Type", "Status")
    assert {row[0] for row in rows[1:]} == {page.title for page in pages.values()}
    in_window = next(row for row in rows if row[0] == "Young Person A")
    expected = timezone.make_naive(rules.earliest_takedown(pages["in_window"]), rules.PARTNERSHIP_TIME_ZONE)
    assert abs(in_window[4] - expected) < datetime.timedelta(seconds=1)


@pytest.mark.django_db
def test_a_user_without_page_permissions_is_refused(client, django_user_model, pages):
    user = django_user_model.objects.create_user(username="reader", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    for url in (REPORT_URL, reverse("publication_windows_report_results"), REPORT_URL + "?export=csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")


@pytest.mark.django_db
def test_an_editor_sees_the_pages_they_can_edit(client, page_editor, pages):
    client.force_login(page_editor)

    response = client.get(REPORT_URL)

    assert response.status_code == 200
    assert len(response.context["object_list"]) == len(pages)


@pytest.mark.django_db
def test_an_editor_does_not_see_pages_outside_the_sections_they_can_edit(
    client, page_editor, pages, home_page
):
    other_section = InformationPageFactory(parent=home_page, title="Elsewhere")
    GroupPagePermission.objects.filter(group__name="Review editors").update(page=other_section)
    client.force_login(page_editor)

    response = client.get(REPORT_URL)

    assert response.status_code == 200
    assert response.context["object_list"] == []


@pytest.mark.django_db
def test_the_report_is_in_the_reports_menu_for_administrators(admin_client, review_index):
    response = admin_client.get(reverse("wagtailadmin_home"))

    assert REPORT_URL in response.content.decode()


@pytest.mark.django_db
def test_the_report_is_not_in_the_menu_for_users_without_page_permissions(
    client, django_user_model, home_page
):
    user = django_user_model.objects.create_user(username="reader", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert REPORT_URL not in response.content.decode()


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_number_of_pages(admin_client, review_index):
    def add_pages(count):
        for _ in range(count):
            review = CSPRPageFactory(parent=review_index)
            LearningPageFactory(parent=review_index, review=review)
            SCRPageFactory(parent=review_index)

    def queries_for_report():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(REPORT_URL).status_code == 200
        return len(queries)

    add_pages(1)
    admin_client.get(REPORT_URL)
    with_few_pages = queries_for_report()
    add_pages(5)

    assert queries_for_report() == with_few_pages
