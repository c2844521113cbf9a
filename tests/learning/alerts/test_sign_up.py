"""Signing up on the follow page, confirming by e-mail, managing and leaving, with a real SMTP server."""

import time

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from learning.alerts import links
from learning.alerts.models import Subscriber
from tests.learning.alerts.conftest import FOLLOW, SIGN_UP, link_to, path_of, sign_up_data
from tests.learning.factories import SubscriberFactory
from tests.reviews.factories import CSPRPageFactory

pytestmark = pytest.mark.django_db


def sign_up(client, **data):
    return client.post(SIGN_UP, sign_up_data(**data))


def test_the_follow_page_offers_alerts_by_what_which_themes_and_how_often_beside_the_feed(
    client, review_index, neglect, safer_sleep
):
    html = client.get(FOLLOW).content.decode()

    assert '<h2 id="email-alerts">Get e-mail alerts</h2>' in html
    assert f'action="{SIGN_UP}"' in html
    for choice in ("New reviews", "New Learning on a Page", "All themes", "Only the themes I choose"):
        assert choice in html
    assert "Neglect" in html and "Safer sleep" in html
    assert "As it happens" in html and "A weekly digest" in html
    assert "We keep only your e-mail address, your choices and the dates" in html
    assert 'id="feed-address"' in html  # the feed is still offered


def test_signing_up_sends_a_confirmation_link_and_nothing_else_until_it_is_followed(
    client, review_index, smtp_server
):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == f"{FOLLOW}check-your-email/"
    assert "Check your e-mail" in client.get(response["Location"]).content.decode()
    [confirmation] = smtp_server.to("practitioner@example.org")
    assert confirmation["Subject"] == "Confirm your e-mail alerts"
    assert link_to(smtp_server.body(confirmation), "/confirm/").startswith(
        f"http://localhost{FOLLOW}confirm/"
    )
    assert Subscriber.objects.get().confirmed_at is None

    CSPRPageFactory(parent=review_index, title="Baby F")

    assert len(smtp_server.to("practitioner@example.org")) == 1  # still only the confirmation


def test_opening_the_link_asks_for_a_press_and_confirming_starts_the_alerts(
    client, review_index, smtp_server
):
    sign_up(client)
    confirm = path_of(link_to(smtp_server.body(smtp_server.messages[0]), "/confirm/"))

    page = client.get(confirm)
    # A mail scanner that opens the link confirms nothing: it takes the button.
    assert page.status_code == 200 and "Confirm and start my alerts" in page.content.decode()
    assert Subscriber.objects.get().confirmed_at is None

    confirmed = client.post(confirm)

    assert confirmed.status_code == 200
    assert "Your alerts are on" in confirmed.content.decode()
    assert Subscriber.objects.get().confirmed_at is not None
    CSPRPageFactory(parent=review_index, title="Baby F")
    assert smtp_server.messages[-1]["Subject"] == "Child Safeguarding Practice Review: Baby F"


def test_a_confirmation_link_used_again_says_the_alerts_are_already_on(client, review_index, smtp_server):
    sign_up(client)
    confirm = path_of(link_to(smtp_server.body(smtp_server.messages[0]), "/confirm/"))
    client.post(confirm)

    again = client.post(confirm)

    assert again.status_code == 200
    assert "Your alerts are already on" in again.content.decode()
    assert "This link has been used" in client.get(confirm).content.decode()


def test_a_confirmation_link_older_than_seven_days_gets_a_clear_page_and_confirms_nothing(
    client, review_index, monkeypatch
):
    subscriber = SubscriberFactory(confirmed_at=None)
    eight_days_ago = time.time() - 8 * 24 * 60 * 60
    monkeypatch.setattr(signing.time, "time", lambda: eight_days_ago)
    token = links.token_for(subscriber, links.Purpose.CONFIRM)
    monkeypatch.undo()

    for answer in (client.get(f"{FOLLOW}confirm/{token}/"), client.post(f"{FOLLOW}confirm/{token}/")):
        assert answer.status_code == 410
        assert "This link has expired" in answer.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None


def _forgeries(subscriber):
    genuine = links.token_for(subscriber, links.Purpose.CONFIRM)
    other_value = signing.dumps({"s": subscriber.pk, "a": "0" * 32}, salt="another purpose")
    return {
        "signature changed": genuine[:-2] + ("AA" if not genuine.endswith("AA") else "BB"),
        "made up": "not-a-token",
        "signed for another purpose": links.token_for(subscriber, links.Purpose.MANAGE),
        "signed with another salt": other_value,
        "very long": "x" * 5000,
        "odd characters": "%00%0d%0a<script>",
    }


@pytest.mark.parametrize(
    "forgery",
    [
        "signature changed",
        "made up",
        "signed for another purpose",
        "signed with another salt",
        "very long",
        "odd characters",
    ],
)
@pytest.mark.parametrize("action", ["confirm", "manage", "unsubscribe"])
def test_a_forged_or_altered_link_gets_a_clear_page_never_an_error(client, review_index, forgery, action):
    subscriber = SubscriberFactory(confirmed_at=None)
    token = _forgeries(subscriber)[forgery]
    if forgery == "signed for another purpose" and action != "confirm":
        token = links.token_for(subscriber, links.Purpose.CONFIRM)

    for answer in (client.get(f"{FOLLOW}{action}/{token}/"), client.post(f"{FOLLOW}{action}/{token}/")):
        assert answer.status_code in (400, 404), answer.status_code
        if answer.status_code == 400:
            assert "This link does not work" in answer.content.decode()
    assert Subscriber.objects.filter(pk=subscriber.pk, confirmed_at=None).exists()


def test_signing_up_an_address_that_already_has_alerts_looks_the_same_and_sends_a_way_to_manage_them(
    client, review_index, smtp_server, neglect
):
    SubscriberFactory(email="known@example.org", themes=[neglect], frequency="weekly")

    for_known = sign_up(client, email="Known@Example.org")
    for_new = sign_up(client, email="new@example.org")

    assert (for_known.status_code, for_known["Location"]) == (for_new.status_code, for_new["Location"])
    [manage] = smtp_server.to("known@example.org")  # the address as it was confirmed, not as typed
    assert manage["Subject"] == "Manage your e-mail alerts"
    assert "/manage/" in link_to(smtp_server.body(manage), "/manage/")
    assert manage["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    known = Subscriber.objects.get(email="known@example.org")
    assert (known.frequency, list(known.themes.all()), known.every_theme) == ("weekly", [neglect], False)
    assert Subscriber.objects.count() == 2


def test_sign_ups_not_confirmed_within_seven_days_are_deleted_by_the_hourly_job(db):
    old = SubscriberFactory(confirmed_at=None)
    Subscriber.objects.filter(pk=old.pk).update(
        signed_up_at=timezone.now() - timezone.timedelta(days=7, hours=1)
    )
    recent = SubscriberFactory(confirmed_at=None)
    confirmed_long_ago = SubscriberFactory(signed_up_at=timezone.now() - timezone.timedelta(days=400))

    call_command("clean_up_alerts", verbosity=0)

    assert set(Subscriber.objects.values_list("pk", flat=True)) == {recent.pk, confirmed_long_ago.pk}


@pytest.mark.parametrize(
    "data, message",
    [
        ({"email": ""}, "Enter your e-mail address."),
        ({"email": "not an address"}, "Enter an e-mail address in the right format, like name@example.org."),
        (
            {"email": "a@example.org\r\nBcc: everyone@example.org"},
            "Enter an e-mail address in the right format",
        ),
        ({"email": "a" * 250 + "@example.org"}, "Enter an e-mail address of 254 characters or fewer."),
        ({"topics": []}, "Choose at least one thing to hear about."),
        ({"topics": ["everything"]}, "Select a valid choice."),
        ({"which_themes": "some", "themes": []}, "Choose at least one theme, or choose all themes."),
        ({"which_themes": "some", "themes": ["abc"]}, "Choose themes from the list."),
        ({"which_themes": "some", "themes": ["999999"]}, "Choose themes from the list."),
        ({"frequency": "hourly"}, "Select a valid choice."),
        ({"frequency": ""}, "Choose as it happens or a weekly digest."),
    ],
)
def test_bad_input_gets_a_clear_message_keeps_what_was_typed_and_records_nothing(
    client, review_index, smtp_server, data, message
):
    typed = sign_up_data(**data)

    response = client.post(SIGN_UP, typed)

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and message in html
    if typed["email"] and "\n" not in typed["email"]:
        assert f'value="{typed["email"]}"' in html
    assert not Subscriber.objects.exists()
    assert smtp_server.messages == []


def test_the_sixth_sign_up_in_an_hour_from_one_client_gets_a_clear_429_page_and_records_nothing(
    client, review_index, smtp_server
):
    for number in range(5):
        assert sign_up(client, email=f"person{number}@example.org").status_code == 302

    refused = sign_up(client, email="sixth@example.org")

    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "Too many sign-ups from your connection" in refused.content.decode()
    assert not Subscriber.objects.filter(email="sixth@example.org").exists()
    assert len(smtp_server.messages) == 5
    # Another client is not held up by this one.
    other = Client(REMOTE_ADDR="192.0.2.44").post(SIGN_UP, sign_up_data(email="sixth@example.org"))
    assert other.status_code == 302


def test_a_sign_up_with_the_hidden_field_filled_in_is_answered_the_same_and_records_nothing(
    client, review_index, smtp_server
):
    response = sign_up(client, website="http://spam.example/")

    assert response.status_code == 302 and response["Location"] == f"{FOLLOW}check-your-email/"
    assert not Subscriber.objects.exists()
    assert smtp_server.messages == []


def test_the_hidden_field_is_out_of_reach_of_people_and_screen_readers(client, review_index):
    html = client.get(FOLLOW).content.decode()

    assert '<div class="trap" aria-hidden="true">' in html
    assert 'name="website" id="id_website" tabindex="-1" autocomplete="off"' in html


def test_nothing_a_subscriber_types_is_echoed_into_an_email(client, review_index, smtp_server):
    typed = '"visit.http://phish.example/now"@example.org'

    sign_up(client, email=typed)
    known = sign_up(client, email=typed)  # the second is the "manage your alerts" e-mail

    assert known.status_code == 302
    assert len(smtp_server.messages) == 2
    Subscriber.objects.update(confirmed_at=timezone.now())
    for message in smtp_server.messages:
        assert "phish" not in smtp_server.body(message)
        assert "phish" not in message["Subject"]


def test_one_address_gets_at_most_three_sign_up_emails_a_day_whoever_asks(review_index, smtp_server):
    for number in range(5):
        Client(REMOTE_ADDR=f"192.0.2.{number}").post(SIGN_UP, sign_up_data(email="target@example.org"))

    assert len(smtp_server.to("target@example.org")) == 3


def test_the_manage_link_shows_the_choices_and_saves_new_ones(
    client, review_index, smtp_server, neglect, safer_sleep
):
    subscriber = SubscriberFactory()
    manage = f"{FOLLOW}manage/{links.token_for(subscriber, links.Purpose.MANAGE)}/"

    page = client.get(manage).content.decode()
    assert 'value="reviews" id="id_topics_0" checked' in page
    assert 'value="immediately" id="id_frequency_0" required checked' in page

    saved = client.post(
        manage,
        {"topics": ["learning"], "which_themes": "some", "themes": [safer_sleep.pk], "frequency": "weekly"},
    )

    assert "Your choices are saved." in saved.content.decode()
    subscriber.refresh_from_db()
    assert (subscriber.wants_reviews, subscriber.wants_learning, subscriber.frequency) == (
        False,
        True,
        "weekly",
    )
    assert list(subscriber.themes.all()) == [safer_sleep] and not subscriber.every_theme


def test_a_mail_programs_one_click_unsubscribe_deletes_the_address_without_a_page_or_a_cookie(
    review_index, smtp_server
):
    subscriber = SubscriberFactory()
    CSPRPageFactory(parent=review_index, title="Baby F")
    [alert] = smtp_server.to(subscriber.email)
    unsubscribe = alert["List-Unsubscribe"].strip().strip("<>")

    # RFC 8058: the mail program POSTs this body to the header's address, with no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        path_of(unsubscribe), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_the_unsubscribe_link_in_the_email_asks_before_deleting_and_then_forgets_the_address(
    client, review_index, smtp_server
):
    subscriber = SubscriberFactory()
    CSPRPageFactory(parent=review_index, title="Baby F")
    unsubscribe = path_of(link_to(smtp_server.body(smtp_server.to(subscriber.email)[0]), "/unsubscribe/"))

    assert "Stop my alerts" in client.get(unsubscribe).content.decode()
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()

    gone = client.post(unsubscribe)

    assert "You will get no more alerts" in gone.content.decode()
    assert not Subscriber.objects.filter(email__iexact=subscriber.email).exists()
    again = client.post(unsubscribe)
    assert again.status_code == 200 and "You will get no more alerts" in again.content.decode()
    manage = path_of(link_to(smtp_server.body(smtp_server.to(subscriber.email)[0]), "/manage/"))
    stale = client.get(manage)
    assert stale.status_code == 410 and "This link is no longer valid" in stale.content.decode()


def test_a_link_for_a_deleted_address_does_not_work_for_a_new_subscriber_given_the_same_row(
    client, review_index
):
    leaver = SubscriberFactory(email="leaver@example.org")
    token = links.token_for(leaver, links.Purpose.MANAGE)
    Subscriber.objects.filter(pk=leaver.pk).update(email="newcomer@example.org")

    answer = client.get(f"{FOLLOW}manage/{token}/")

    assert answer.status_code == 410
    assert "newcomer" not in answer.content.decode()


def test_the_follow_page_reads_a_fixed_number_of_rows_however_many_themes_and_subscribers(
    client, review_index, django_assert_num_queries
):
    from tests.reviews.factories import ThemeFactory

    def queries_for_the_page():
        with django_assert_num_queries(QUERIES_FOR_THE_FOLLOW_PAGE):
            assert client.get(FOLLOW).status_code == 200

    client.get(FOLLOW)  # Wagtail keeps the site's lookups in memory after the first request
    queries_for_the_page()
    for number in range(30):
        ThemeFactory(name=f"Theme {number}")
        SubscriberFactory()
    queries_for_the_page()


# The site's reviews index, the partnership settings and the privacy page they link, the themes:
# none per theme or per subscriber.
QUERIES_FOR_THE_FOLLOW_PAGE = 4


def test_opening_the_sign_up_address_leads_to_the_form(client, review_index):
    response = client.get(SIGN_UP)

    assert response.status_code == 302
    assert response["Location"] == f"{FOLLOW}#email-alerts"
