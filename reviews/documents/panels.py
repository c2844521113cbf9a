"""The editor's "Disclosure check" panel: what each attached document would give away, and what is removed."""

from wagtail.admin.panels import Panel

from reviews.documents import disclosure, disclosure_records
from reviews.documents.models import ProtectedName
from reviews.window import queries


class DisclosureCheckPanel(Panel):
    """Findings per document with page numbers, what the public copy leaves out, and the listed names."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Disclosure check")
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "reviews/admin/disclosure_check_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            documents = []
            for document, check in disclosure_records.checks_for_page(page) if page.pk else []:
                findings = list(check.findings.select_related("accepted_by")) if check else []
                details = getattr(document, "pdf_details", None)
                documents.append(
                    {
                        "document": document,
                        "check": check,
                        "waited": disclosure_records.waiting_for(check) if check else "",
                        "page_count": details.page_count if details else None,
                        "findings": [
                            {
                                "finding": finding,
                                "label": disclosure_records.KIND_LABELS.get(finding.kind, finding.kind),
                                "meaning": disclosure.DESCRIPTIONS.get(finding.kind, ""),
                            }
                            for finding in findings
                        ],
                    }
                )
            owners = disclosure_records.name_owners(page) if page.pk else set()
            context.update(
                page=page,
                documents=documents,
                names_count=ProtectedName.objects.filter(page_id__in=owners).count() if owners else 0,
                can_accept=queries.can_take_down(self.request.user),
            )
            return context
