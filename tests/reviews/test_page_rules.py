"""Editors can only create each page type where it belongs in the tree."""

import re

import pytest
from django.contrib.messages import get_messages
from wagtail.test.utils import WagtailPageTestCase

from cspr_site.models import HomePage, InformationPage
from learning.models import LearningPage
from reviews.models import CSPRPage, ReviewIndexPage, SCRPage


class TestPageTypeRules(WagtailPageTestCase):
    def test_reviews_index_lives_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(ReviewIndexPage, {HomePage})

    def test_reviews_can_only_be_created_under_the_reviews_index(self):
        self.assertAllowedParentPageTypes(CSPRPage, {ReviewIndexPage})
        self.assertAllowedParentPageTypes(SCRPage, {ReviewIndexPage})

    def test_learning_on_a_page_sits_beside_the_reviews_it_summarises(self):
        self.assertAllowedParentPageTypes(LearningPage, {ReviewIndexPage})

    def test_reviews_index_accepts_reviews_and_learning_pages_only(self):
        creatable = set(ReviewIndexPage.creatable_subpage_models())
        self.assertEqual(creatable, {CSPRPage, SCRPage, LearningPage})

    def test_reviews_and_learning_pages_have_no_children(self):
        for page_type in (CSPRPage, SCRPage, LearningPage, InformationPage):
            self.assertAllowedSubpageTypes(page_type, set())

    def test_home_page_holds_the_reviews_index_and_information_pages(self):
        self.assertAllowedSubpageTypes(HomePage, {ReviewIndexPage, InformationPage})


@pytest.mark.django_db
def test_the_admin_refuses_to_create_a_review_under_the_home_page(admin_client, home_page):
    response = admin_client.get(f"/admin/pages/add/reviews/csprpage/{home_page.pk}/")
    assert response.status_code == 302
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert "Sorry, you do not have permission to access this area." in [m.strip() for m in messages]
    assert not CSPRPage.objects.exists()


@pytest.mark.django_db
def test_the_admin_offers_the_review_form_under_the_reviews_index(admin_client, review_index):
    response = admin_client.get(f"/admin/pages/add/reviews/csprpage/{review_index.pk}/")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model_name", ["csprpage", "scrpage"])
def test_a_new_reviews_title_field_fills_in_the_slug_as_on_every_page_type(
    admin_client, review_index, model_name
):
    """Wagtail's title panel wires the title to the slug; the browser test types into it."""
    html = admin_client.get(f"/admin/pages/add/reviews/{model_name}/{review_index.pk}/").content.decode()

    title_input = re.search(r'<input type="text" name="title"[^>]*>', html).group(0)
    assert 'data-controller="w-sync"' in title_input
    assert 'data-w-sync-target-value="#id_slug"' in title_input
