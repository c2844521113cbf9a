import factory
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from cspr_site.models import HomePage, InformationPage
from tests.pdfs import make_pdf


class PublishedPageFactory(wagtail_factories.PageFactory):
    """Pages published through a real revision, as the editor would, unless `published=False`."""

    live = False

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def published(page, create, extracted, **kwargs):
        if create and extracted is not False:
            page.save_revision().publish()
            page.refresh_from_db()


class HomePageFactory(PublishedPageFactory):
    title = "Partnership home"
    slug = "home"

    class Meta:
        model = HomePage


class InformationPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Information {n}")
    body = "<p>Information for the public.</p>"

    class Meta:
        model = InformationPage


class PdfDocumentFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Report {n}")
    file = factory.LazyAttribute(lambda doc: ContentFile(make_pdf(), name="report.pdf"))

    class Meta:
        model = get_document_model()
