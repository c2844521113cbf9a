"""Failed sign-ins lock the address and the account out (django-axes); the address is the visitor's."""

import datetime
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from cspr_site.middleware import client_ip_address

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"
VISITOR = "198.51.100.7"
NEIGHBOUR = "198.51.100.8"
PROXY = "10.0.0.2"
OWN_PASSWORD = "a password of my own"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


@pytest.fixture
def colleague(django_user_model):
    """Someone with an account of their own, who could sign in between guesses at another's password."""
    return django_user_model.objects.create_superuser("colleague", "colleague@example.org", OWN_PASSWORD)


def sign_in(client, password, remote_addr="192.0.2.10", forwarded_for=None, username="editor"):
    headers = {"x-forwarded-for": forwarded_for} if forwarded_for else {}
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=remote_addr, headers=headers
    )


def fail(client, times, **where):
    """Status codes of failed sign-ins: the form's error (200), then the lockout (429) at the limit."""
    return [sign_in(client, "wrong password", **where).status_code for _ in range(times)]


LOCKED_AT_FIFTH = [200, 200, 200, 200, 429]


def assert_locked_out(response):
    assert response.status_code == 429
    assert "too many login attempts" in response.content.decode().lower()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_five_failures_lock_the_address_out_even_with_the_right_password(client, editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert fail(client, 5) == LOCKED_AT_FIFTH

    assert_locked_out(sign_in(client, PASSWORD))


def test_another_address_can_still_sign_in_to_another_account(client, editor, colleague):
    assert fail(client, 5) == LOCKED_AT_FIFTH

    assert sign_in(client, OWN_PASSWORD, remote_addr="192.0.2.99", username="colleague").status_code == 302


def test_guesses_at_one_account_from_many_addresses_lock_the_account(client, editor, colleague):
    statuses = [sign_in(client, "wrong password", remote_addr=f"203.0.113.{n}").status_code for n in range(5)]

    assert statuses == LOCKED_AT_FIFTH
    assert_locked_out(sign_in(client, PASSWORD, remote_addr="198.51.100.200"))
    assert (
        sign_in(client, OWN_PASSWORD, remote_addr="198.51.100.200", username="colleague").status_code == 302
    )


def test_signing_in_to_ones_own_account_never_clears_guesses_at_another(client, editor, colleague):
    """24 wrong guesses, with a sign-in to one's own account after every fourth, then the right password."""
    statuses = []
    for _round in range(6):
        statuses += fail(client, 4)
        sign_in(client, OWN_PASSWORD, username="colleague")
        client.logout()

    assert 429 in statuses
    assert_locked_out(sign_in(client, PASSWORD))


def test_a_success_clears_that_accounts_own_failures_from_that_address(client, editor):
    assert fail(client, 4) == [200] * 4
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()

    assert fail(client, 4) == [200] * 4
    assert sign_in(client, PASSWORD).status_code == 302


def test_an_administrator_lifts_an_account_lockout_at_once(client, editor):
    statuses = [sign_in(client, "wrong password", remote_addr=f"203.0.113.{n}").status_code for n in range(5)]
    assert statuses == LOCKED_AT_FIFTH

    call_command("axes_reset_username", "editor", stdout=StringIO())

    assert sign_in(client, PASSWORD, remote_addr="198.51.100.200").status_code == 302


def test_fewer_failures_do_not_lock_anyone_out(client, editor):
    assert fail(client, 4) == [200] * 4

    assert sign_in(client, PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_limit_comes_from_the_settings(client, editor):
    assert fail(client, 2) == [200, 429]

    assert_locked_out(sign_in(client, PASSWORD))


def test_the_lockout_ends_after_the_cool_off(client, editor, settings):
    assert fail(client, 5) == LOCKED_AT_FIFTH
    cool_off = settings.AXES_COOLOFF_TIME
    assert cool_off == datetime.timedelta(minutes=30)

    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - cool_off - datetime.timedelta(seconds=1)
    )

    assert sign_in(client, PASSWORD).status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_visitor_is_locked_out_not_the_proxy(client, editor, django_user_model):
    django_user_model.objects.create_superuser("other", "other@example.org", PASSWORD)
    assert fail(client, 5, remote_addr=PROXY, forwarded_for=VISITOR) == LOCKED_AT_FIFTH

    assert AccessAttempt.objects.get().ip_address == VISITOR
    assert_locked_out(sign_in(client, PASSWORD, remote_addr=PROXY, forwarded_for=VISITOR, username="other"))
    assert (
        sign_in(client, PASSWORD, remote_addr=PROXY, forwarded_for=NEIGHBOUR, username="other").status_code
        == 302
    )


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_forged_forwarded_address_does_not_dodge_the_lockout(client, editor):
    assert fail(client, 5, remote_addr=PROXY, forwarded_for=VISITOR) == LOCKED_AT_FIFTH

    # The proxy appends the address it saw; what the visitor wrote in front is not believed.
    response = sign_in(client, PASSWORD, remote_addr=PROXY, forwarded_for=f"203.0.113.9, {VISITOR}")

    assert_locked_out(response)


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, editor, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    statuses = [
        sign_in(client, "wrong password", forwarded_for=f"203.0.113.{number}").status_code
        for number in range(5)
    ]

    assert statuses == LOCKED_AT_FIFTH
    assert_locked_out(sign_in(client, PASSWORD, forwarded_for="203.0.113.200"))


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "203.0.113.9", "192.0.2.10"),
        (1, None, "192.0.2.10"),
        (1, VISITOR, VISITOR),
        (1, f"203.0.113.9, {VISITOR}", VISITOR),
        (2, f"203.0.113.9, {VISITOR}, {PROXY}", VISITOR),
        (2, VISITOR, "192.0.2.10"),
    ],
)
def test_client_address(settings, proxies, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {"x-forwarded-for": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10", headers=headers)

    assert client_ip_address(request) == expected
