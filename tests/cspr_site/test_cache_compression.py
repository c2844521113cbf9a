"""Cached pages go out compressed when the browser accepts it, and HEAD gets the headers only.

The compressed copies are made once, when the page is stored, so a hit costs no compression.
"""

import gzip

import brotli
import pytest

from tests.cspr_site.visitors import through_wsgi

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def plain_page(review):
    """The review as stored, uncompressed."""
    _, headers, body = through_wsgi(review.url)
    assert headers["X-Page-Cache"] == "miss" and "Content-Encoding" not in headers
    return body


def test_a_browser_that_accepts_gzip_gets_gzip(review, plain_page):
    _, headers, body = through_wsgi(review.url, accept_encoding="gzip, deflate")

    assert headers["X-Page-Cache"] == "hit"
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Content-Length"] == str(len(body)) and len(body) < len(plain_page) / 2
    assert gzip.decompress(body) == plain_page


def test_a_browser_that_accepts_brotli_gets_brotli(review, plain_page):
    _, headers, body = through_wsgi(review.url, accept_encoding="gzip, deflate, br, zstd")

    assert headers["Content-Encoding"] == "br"
    assert brotli.decompress(body) == plain_page


def test_a_browser_that_accepts_no_compression_gets_the_plain_page(review, plain_page):
    _, headers, body = through_wsgi(review.url)

    assert headers["X-Page-Cache"] == "hit" and "Content-Encoding" not in headers
    assert body == plain_page and headers["Content-Length"] == str(len(plain_page))


def test_a_coding_refused_with_q_zero_is_not_used(review, plain_page):
    _, headers, body = through_wsgi(review.url, accept_encoding="br;q=0, gzip;q=0.5")

    assert headers["Content-Encoding"] == "gzip"


def test_every_cached_answer_says_it_varies_with_accept_encoding(review, plain_page):
    answers = [through_wsgi(review.url, accept_encoding=coding)[1] for coding in ("", "gzip", "br")]

    assert all("Accept-Encoding" in headers["Vary"] for headers in answers)


def test_the_first_visitor_gets_the_compressed_page_too(review_index, partnership):
    _, headers, body = through_wsgi(review_index.url, accept_encoding="gzip")

    assert headers["X-Page-Cache"] == "miss" and headers["Content-Encoding"] == "gzip"
    assert b"Child Safeguarding Practice Reviews" in gzip.decompress(body)


def test_a_head_request_gets_the_headers_without_the_page(review, plain_page):
    status, headers, body = through_wsgi(review.url, method="head")

    assert status == "200 OK" and headers["X-Page-Cache"] == "hit"
    assert body == b""
    assert headers["Content-Length"] == str(len(plain_page))
