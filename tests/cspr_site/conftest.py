"""The page cache turned on, and a review whose year on the site is over (so it may come down)."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Site

from cspr_site.models import PartnershipSettings
from tests.reviews.factories import CSPRPageFactory


@pytest.fixture
def page_cache_on(settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "page-cache-generation"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def partnership(home_page):
    """Made before the first visit, which would otherwise create it (a change) while rendering."""
    return PartnershipSettings.for_site(Site.objects.get())


@pytest.fixture
def review(review_index, partnership):
    """A review whose year on the site is over, so it may be taken down."""
    review = CSPRPageFactory(parent=review_index, title="Child WR")
    type(review).objects.filter(pk=review.pk).update(live_since=timezone.now() - datetime.timedelta(days=730))
    review.refresh_from_db()
    return review
