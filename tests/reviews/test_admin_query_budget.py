"""The admin screens staff use all day cost the same number of queries with 5 reviews or 300.

Each budget is the most queries the screen may use, written beside the screen; the first
request of each screen warms Wagtail's own caches (content types, site roots) and is not counted.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.reviews.factories import CSPRPageFactory
from tests.reviews.test_query_budget import ReviewLibrary

pytestmark = pytest.mark.django_db


def submit_drafts(index, user, numbers):
    """Draft CSPRs sent into the workflow by the user, as the dashboard lists them."""
    for number in numbers:
        page = CSPRPageFactory(parent=index, title=f"Draft {number}", published=False)
        page.save_revision(user=user)
        page.get_workflow().start(page, user)


def screens(index):
    review = index.get_children().type(CSPRPageFactory._meta.model).live().first()
    return {
        "explorer listing of the reviews index": f"/admin/pages/{index.pk}/",
        "dashboard": "/admin/",
        "publication windows report": reverse("publication_windows_report"),
        "a review's editor": f"/admin/pages/{review.pk}/edit/",
    }


def queries_for(client, addresses):
    counts = {}
    for name, address in addresses.items():
        client.get(address)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200, address
        counts[name] = len(queries)
    return counts


# The most queries each screen may use, measured with 300 reviews and a little room above.
BUDGET = {
    "explorer listing of the reviews index": 40,  # 36: one query for every row's window, not one a row
    "dashboard": 40,  # 36: the submissions panel reads all latest revisions at once
    "publication windows report": 10,  # 9
    # 57: the disclosure panel now reads the file's one inspection and when its check last ran.
    "a review's editor": 60,
}


def test_admin_screens_cost_the_same_queries_with_5_and_300_reviews(admin_client, superuser, review_index):
    library = ReviewLibrary(review_index)
    library.grow_to(5)
    submit_drafts(review_index, superuser, range(2))
    with_5 = queries_for(admin_client, screens(review_index))

    library.grow_to(300)
    with_300 = queries_for(admin_client, screens(review_index))

    assert with_300 == with_5
    for name, count in with_300.items():
        assert count <= BUDGET[name], f"{name}: {count} queries, budget {BUDGET[name]}"


def test_an_editors_dashboard_costs_the_same_with_2_or_12_submissions(client_for, editor_user, review_index):
    """Wagtail's own "awaiting your review" panel, for moderators, asks one query a row; this one does not."""
    client = client_for(editor_user)
    submit_drafts(review_index, editor_user, range(2))
    with_2 = queries_for(client, {"dashboard": "/admin/"})

    submit_drafts(review_index, editor_user, range(2, 12))
    with_12 = queries_for(client, {"dashboard": "/admin/"})

    assert client.get("/admin/").content.decode().count("Earliest publication") == 12
    assert with_12 == with_2
