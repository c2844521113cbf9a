"""Anonymous visitors, as the page cache tests need them."""

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory

from cspr_site import wsgi


def visit(url, **kwargs):
    """An anonymous visitor: a new client with no cookies."""
    return Client().get(url, **kwargs)


def cached(url):
    """Request twice; the second answer, which should come from the cache."""
    visit(url)
    return visit(url)


def through_wsgi(url, method="get", **headers):
    """(status, headers, body) from the WSGI application gunicorn serves, as a visitor would get them."""
    environ = getattr(RequestFactory(), method)(url, headers=headers).environ
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(response_headers)

    # As Django's test client does: the test's database connection must survive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = wsgi.application(environ, start_response)
        body = b"".join(response)
        getattr(response, "close", lambda: None)()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body
