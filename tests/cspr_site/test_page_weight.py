"""The reviews index stays light enough for a phone on a poor connection."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command

WEIGHT_LIMIT = 60 * 1024

pytestmark = pytest.mark.django_db


def static_assets(html):
    """The stylesheets and scripts the page asks for, as files on disk."""
    urls = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    urls += re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert all(url.startswith(settings.STATIC_URL) for url in urls), urls
    return [Path(finders.find(url.removeprefix(settings.STATIC_URL))) for url in urls]


def test_the_index_html_css_and_js_weigh_at_most_60_kb_with_the_demo_content(client):
    call_command("load_demo_content", verbosity=0)

    response = client.get("/child-safeguarding-practice-reviews/")

    html = response.content.decode()
    assets = static_assets(html)
    assert assets
    total = len(response.content) + sum(path.stat().st_size for path in assets)
    assert total <= WEIGHT_LIMIT, f"{total} bytes"
