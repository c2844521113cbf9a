"""Anonymous visitors, as the page cache tests need them."""

from django.test import Client


def visit(url, **kwargs):
    """An anonymous visitor: a new client with no cookies."""
    return Client().get(url, **kwargs)


def cached(url):
    """Request twice; the second answer, which should come from the cache."""
    visit(url)
    return visit(url)
