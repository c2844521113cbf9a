"""System checks fail when the window's wiring is missing, and Wagtail's scheduler names point to ours."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.admin.forms import WagtailAdminPageForm

from reviews import checks, kinds
from reviews.models import CSPRPage


def ids(errors):
    return [error.id for error in errors]


def test_the_site_passes_its_own_system_checks():
    call_command("check", stdout=StringIO())
    assert checks.check_page_types_use_the_guarded_tester(None) == []
    assert checks.check_every_kind_is_a_window_page_with_the_window_form(None) == []
    assert checks.check_wagtails_scheduler_points_to_the_sites_own(None) == []


def test_a_page_type_without_the_guarded_tester_fails_the_checks(monkeypatch):
    monkeypatch.setattr(checks, "guarded_page_models", lambda: [CSPRPage])

    errors = checks.check_page_types_use_the_guarded_tester(None)

    assert "reviews.E001" in ids(errors)
    assert {error.obj._meta.label for error in errors} >= {"reviews.SCRPage", "learning.LearningPage"}
    assert CSPRPage not in {error.obj for error in errors}


def test_a_kind_whose_page_carries_no_window_fails_the_checks(monkeypatch):
    not_a_window_page = kinds.Kind(
        key="info",
        label="Information page",
        plural="Information pages",
        abbreviation="",
        model_label="cspr_site.InformationPage",
        text_field="body",
    )
    monkeypatch.setattr(kinds, "ALL_KINDS", (*kinds.ALL_KINDS, not_a_window_page))

    assert ids(checks.check_every_kind_is_a_window_page_with_the_window_form(None)) == ["reviews.E002"]


def test_a_window_page_with_another_editor_form_fails_the_checks(monkeypatch):
    monkeypatch.setattr(CSPRPage, "base_form_class", WagtailAdminPageForm)

    assert ids(checks.check_every_kind_is_a_window_page_with_the_window_form(None)) == ["reviews.E003"]


def test_wagtails_own_scheduler_answering_to_its_name_fails_the_checks(monkeypatch):
    monkeypatch.setattr(
        checks, "get_commands", lambda: {"publish_scheduled": "wagtail", "publish_scheduled_pages": "reviews"}
    )

    assert ids(checks.check_wagtails_scheduler_points_to_the_sites_own(None)) == ["reviews.E004"]


@pytest.mark.parametrize("name", ["publish_scheduled", "publish_scheduled_pages"])
def test_wagtails_scheduler_names_refuse_and_point_to_the_sites_scheduler(name):
    with pytest.raises(CommandError, match="manage.py publish_on_schedule"):
        call_command(name)
