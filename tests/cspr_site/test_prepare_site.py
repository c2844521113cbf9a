"""`make run`'s preparation does only what is not done yet, so a second start takes seconds."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from reviews.models import CSPRPage

pytestmark = pytest.mark.django_db


def prepare_site():
    output = StringIO()
    call_command("prepare_site", stdout=output)
    return output.getvalue()


def test_a_migrated_database_is_not_migrated_again_and_the_demo_is_loaded_once(settings):
    settings.SITE_URL = "http://127.0.0.1:9000"
    with mock.patch("django.core.management.commands.migrate.Command.handle") as migrate:
        first = prepare_site()
        pages = Page.objects.count()
        second = prepare_site()

    migrate.assert_not_called()
    assert "No migrations to apply." in first and "No migrations to apply." in second
    assert CSPRPage.objects.filter(title="Young Person A").exists()
    assert Page.objects.count() == pages
    # What a migrate would have done: the default site follows SITE_URL (a new PORT, say).
    assert Site.objects.get(is_default_site=True).port == 9000


def test_a_waiting_migration_is_applied(settings):
    with (
        mock.patch(
            "django.db.migrations.executor.MigrationExecutor.migration_plan",
            return_value=[("waiting", False)],
        ),
        mock.patch("django.core.management.commands.migrate.Command.handle", return_value="") as migrate,
    ):
        prepare_site()

    migrate.assert_called_once()
