import re

import pytest
from django.core.cache import cache

from tests.reviews.factories import ThemeFactory

FOLLOW = "/child-safeguarding-practice-reviews/follow/"
SIGN_UP = f"{FOLLOW}sign-up/"


@pytest.fixture(autouse=True)
def fresh_counters():
    """Rate limits count in the cache, which outlives a test: each starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def neglect(db):
    return ThemeFactory(name="Neglect")


@pytest.fixture
def safer_sleep(db):
    return ThemeFactory(name="Safer sleep")


def sign_up_data(email="practitioner@example.org", **overrides):
    return {
        "email": email,
        "topics": ["reviews", "learning"],
        "which_themes": "all",
        "frequency": "immediately",
        "website": "",
        **overrides,
    }


def links_in(text):
    return re.findall(r"https?://\S+", text)


def link_to(text, part):
    """The one address in an e-mail's text that holds `part` (confirm/, manage/, unsubscribe/)."""
    found = {link for link in links_in(text) if part in link}
    assert len(found) == 1, text
    return found.pop()


def path_of(link):
    return "/" + link.split("://", 1)[1].split("/", 1)[1]
