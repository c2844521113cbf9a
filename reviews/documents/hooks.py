"""The documents part in Wagtail: who may download a document, and correcting a published report."""

from django.urls import path
from wagtail import hooks

from reviews.documents import serving
from reviews.documents.correction import CORRECTED_ACTION
from reviews.documents.views import CorrectReportMenuItem, CorrectReportView


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
        )
    ]


@hooks.register("register_page_action_menu_item")
def register_correct_report_menu_item():
    return CorrectReportMenuItem(order=26)


@hooks.register("before_serve_document")
def serve_documents_only_with_a_public_page(document, request):
    return serving.public_answer(document, request)
