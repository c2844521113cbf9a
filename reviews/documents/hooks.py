"""The documents part in the admin: correcting a published report, importing a report from Word."""

from django.urls import path
from wagtail import hooks

from reviews.documents.correction import CORRECTED_ACTION
from reviews.documents.views import (
    CorrectReportMenuItem,
    CorrectReportView,
    ImportWordReportMenuItem,
    ImportWordReportView,
)


@hooks.register("register_log_actions")
def register_correction_log_action(actions):
    actions.register_action(CORRECTED_ACTION, "Published report corrected", "Published report corrected")


@hooks.register("register_admin_urls")
def register_correction_url():
    return [
        path(
            "reviews/correct-report/<int:page_id>/",
            CorrectReportView.as_view(),
            name="reviews_correct_report",
        ),
        path(
            "reviews/import-word-report/<int:page_id>/",
            ImportWordReportView.as_view(),
            name="reviews_import_word_report",
        ),
    ]


@hooks.register("register_page_action_menu_item")
def register_correct_report_menu_item():
    return CorrectReportMenuItem(order=26)


@hooks.register("register_page_action_menu_item")
def register_import_word_report_menu_item():
    return ImportWordReportMenuItem(order=27)
