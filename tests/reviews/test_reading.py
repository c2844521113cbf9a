"""Reading a review or a Learning on a Page: the facts, the report download, the way onwards."""

import datetime
import re
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.template import Context, Template
from wagtail.documents import get_document_model

from reviews.documents.facts import file_size
from reviews.models import PdfDetails
from reviews.window import rules
from tests.cspr_site.factories import InformationPageFactory, PdfDocumentFactory
from tests.learning.factories import LearningPageFactory
from tests.pdfs import make_pdf
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def main_of(html):
    return html[html.index("<main") : html.index("</main>")]


def test_review_page_shows_pseudonym_type_date_and_how_long_it_stays(client, review_index):
    review = CSPRPageFactory(
        parent=review_index, title="Young Person A", publication_date=datetime.date(2024, 9, 12)
    )

    html = client.get(review.url).content.decode()

    until = review.earliest_takedown.astimezone(rules.PARTNERSHIP_TIME_ZONE)
    assert "<h1>Young Person A</h1>" in html
    assert main_of(html).count("Child Safeguarding Practice Review") == 1
    assert '<p class="review__type">Child Safeguarding Practice Review (CSPR)</p>' in html
    assert '<time datetime="2024-09-12">12 September 2024</time>' in html
    assert f"until at least {until:%-d %B %Y}" in html


def test_each_theme_links_to_the_reviews_list_filtered_by_it(client, review_index):
    theme = ThemeFactory(name="Domestic abuse")
    review = SCRPageFactory(parent=review_index, themes=[theme])

    html = client.get(review.url).content.decode()

    assert (
        f'<a href="{review_index.url}?theme=domestic-abuse">Domestic abuse<span class="visually-hidden">'
        in html
    )
    assert client.get(f"{review_index.url}?theme=domestic-abuse").context["filters"].theme == theme


def test_report_link_gives_type_size_and_page_count(client, review_index):
    report = get_document_model()(title="Report", file=ContentFile(make_pdf(pages=48), name="report.pdf"))
    report.save()
    type(report).objects.filter(pk=report.pk).update(file_size=1_258_291)
    call_command("run_disclosure_checks", stdout=StringIO())  # a long report is checked in the background
    review = CSPRPageFactory(parent=review_index, title="Child G", report=report)

    html = client.get(review.url).content.decode()

    assert f'<a href="{report.url}">Download the full report: Child G</a>' in html
    assert "(PDF, 1.2 MB, 48 pages)" in html


def test_report_with_no_recorded_details_still_says_it_is_a_pdf(client, review_index):
    review = CSPRPageFactory(parent=review_index)
    PdfDetails.objects.filter(document=review.report).delete()
    type(review.report).objects.filter(pk=review.report.pk).update(file_size=None)

    html = client.get(review.url).content.decode()

    assert '<span class="document-list__format">(PDF)</span>' in html


def test_page_count_is_recorded_when_a_report_is_saved_and_again_when_its_file_is_replaced():
    document = PdfDocumentFactory(file=ContentFile(make_pdf(pages=3), name="report.pdf"))
    assert document.pdf_details.page_count == 3

    document.file = ContentFile(make_pdf(pages=5), name="report-v2.pdf")
    document.save()

    assert PdfDetails.objects.get(document=document).page_count == 5


def test_a_file_that_cannot_be_read_as_a_pdf_gets_no_page_count():
    document = PdfDocumentFactory(file=ContentFile(make_pdf(pages=2), name="report.pdf"))

    document.file = ContentFile(b"%PDF-1.7 this is not really a PDF", name="broken.pdf")
    document.save()

    assert not PdfDetails.objects.filter(document=document).exists()


def test_saving_only_other_fields_of_a_document_does_not_read_its_file_again():
    document = PdfDocumentFactory(file=ContentFile(make_pdf(pages=2), name="report.pdf"))
    PdfDetails.objects.filter(document=document).update(page_count=99)

    document.title = "Renamed"
    document.save(update_fields=["title"])

    assert PdfDetails.objects.get(document=document).page_count == 99


def test_a_report_uploaded_in_the_admin_has_its_pages_counted(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("report.pdf", make_pdf(pages=4), content_type="application/pdf")

    response = admin_client.post(
        "/admin/documents/add/", {"title": "Uploaded report", "file": upload, "collection": 1}
    )

    assert response.status_code == 302
    document = get_document_model().objects.get(title="Uploaded report")
    assert document.pdf_details.page_count == 4
    assert document.file_size == len(make_pdf(pages=4))


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (1, "1 byte"),
        (900, "900 bytes"),
        (1024, "1 KB"),
        (179_200, "175 KB"),
        (1_048_576, "1 MB"),
        (1_258_291, "1.2 MB"),
        (15_000_000, "14 MB"),
        (3 * 1024**3, "3 GB"),
    ],
)
def test_file_sizes_read_naturally(size, shown):
    assert file_size(size) == shown


def test_review_links_to_its_learning_on_a_page(client, review_index):
    review = CSPRPageFactory(parent=review_index, title="Young Person A")
    learning = LearningPageFactory(parent=review_index, review=review)

    html = client.get(review.url).content.decode()

    assert (
        f'<a class="button" href="{learning.url}">Read the Learning on a Page for Young Person A</a>' in html
    )


def test_related_reviews_share_a_theme_put_the_most_shared_first_and_stop_at_three(client, review_index):
    neglect, domestic_abuse = ThemeFactory(name="Neglect"), ThemeFactory(name="Domestic abuse")
    review = CSPRPageFactory(parent=review_index, title="Child G", themes=[neglect, domestic_abuse])
    SCRPageFactory(parent=review_index, title="Both themes", themes=[neglect, domestic_abuse])
    for year in (2015, 2016, 2017):
        SCRPageFactory(
            parent=review_index,
            title=f"Neglect {year}",
            publication_date=datetime.date(year, 1, 1),
            themes=[neglect],
        )
    SCRPageFactory(parent=review_index, title="Unrelated", themes=[ThemeFactory(name="Safe sleep")])
    CSPRPageFactory(parent=review_index, title="Draft", themes=[neglect], published=False)

    response = client.get(review.url)

    assert [related.title for related in response.context["related_reviews"]] == [
        "Both themes",
        "Neglect 2017",
        "Neglect 2016",
    ]
    assert 'aria-labelledby="related-heading"' in response.content.decode()


def test_a_review_without_themes_has_no_related_reviews_section(client, review_index):
    review = SCRPageFactory(parent=review_index)
    SCRPageFactory(parent=review_index)

    response = client.get(review.url)

    assert response.context["related_reviews"] == []
    assert "related-heading" not in response.content.decode()


def test_review_has_description_open_graph_tags_and_canonical_address(client, review_index):
    review = CSPRPageFactory(
        parent=review_index,
        title="Child G",
        summary="<p>Child G &amp; a sibling lived with <b>recurring</b> neglect.</p>",
    )

    html = client.get(review.url).content.decode()

    assert '<meta name="description" content="Child G &amp; a sibling lived with recurring neglect.">' in html
    assert f'<link rel="canonical" href="{review.full_url}">' in html
    assert review.full_url.startswith("http")
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Child G">' in html
    assert f'<meta property="og:url" content="{review.full_url}">' in html
    assert '<meta property="og:site_name" content="Safeguarding Children Partnership">' in html
    assert '<meta property="og:description" content="Child G &amp; a sibling' in html


def test_the_editors_search_description_is_preferred_for_the_meta_description(client, review_index):
    review = SCRPageFactory(parent=review_index, search_description="A review about safer sleep.")

    html = client.get(review.url).content.decode()

    assert '<meta name="description" content="A review about safer sleep.">' in html


def test_other_pages_offer_link_previews_their_search_description_as_a_website(client, review_index):
    statement = InformationPageFactory(
        parent=review_index.get_parent(), search_description="How accessible this site is."
    )

    html = client.get(statement.url).content.decode()

    assert '<meta name="description" content="How accessible this site is.">' in html
    assert '<meta property="og:description" content="How accessible this site is.">' in html
    assert '<meta property="og:type" content="website">' in html


def test_breadcrumbs_lead_from_home_to_the_current_page(client, review_index):
    review = SCRPageFactory(parent=review_index, title="Harry")

    html = client.get(review.url).content.decode()

    trail = html[html.index('<nav class="breadcrumbs" aria-label="Breadcrumb">') :]
    trail = trail[: trail.index("</nav>")]
    assert re.findall(r"<li>(.*?)</li>", trail) == [
        '<a href="/">Home</a>',
        f'<a href="{review_index.url}">Child Safeguarding Practice Reviews</a>',
        '<span aria-current="page">Harry</span>',
    ]


def test_information_pages_have_breadcrumbs_and_the_home_page_has_none(client, home_page):
    page = InformationPageFactory(parent=home_page, title="Accessibility statement")

    assert '<span aria-current="page">Accessibility statement</span>' in client.get(page.url).content.decode()
    assert 'aria-label="Breadcrumb"' not in client.get("/").content.decode()


def test_learning_page_has_its_three_sections_a_way_back_and_a_print_button_script(client, review_index):
    review = SCRPageFactory(parent=review_index, title="Baby F", publication_date=datetime.date(2018, 3, 15))
    learning = LearningPageFactory(parent=review_index, review=review)

    html = client.get(learning.url).content.decode()

    article = html[html.index("<article") : html.index("</article>")]
    headings = re.findall(r"<h2 [^>]*>(.*?)</h2>", article)
    assert headings == ["The child's lived experience", "Key learning", "Learning into practice"]
    assert f'<a href="{review.url}">Read the full review: Baby F</a>' in html
    assert "A summary of the Serious Case Review" in html
    assert '<script src="/static/js/print-button.js" defer></script>' in html
    assert 'class="learning__actions no-print" data-print-button="Print this page"' in html


def test_learning_page_of_a_review_no_longer_public_does_not_link_to_it(client, review_index):
    review = SCRPageFactory(parent=review_index, title="Baby F")
    learning = LearningPageFactory(parent=review_index, review=review)
    type(review).objects.filter(pk=review.pk).update(live=False)

    html = client.get(learning.url).content.decode()

    assert f'href="{review.url}"' not in html


def test_learning_page_meta_description_falls_back_to_its_key_learning(client, review_index):
    learning = LearningPageFactory(
        parent=review_index,
        review=SCRPageFactory(parent=review_index),
        key_learning="<ul><li>Talk about safer sleep at every visit.</li></ul>",
    )

    html = client.get(learning.url).content.decode()

    assert '<meta name="description" content="Talk about safer sleep at every visit.">' in html
    assert '<meta property="og:type" content="article">' in html


def test_print_button_script_waits_for_a_click_and_is_not_needed_to_print():
    from django.contrib.staticfiles import finders

    script = open(finders.find("js/print-button.js"), encoding="utf-8").read()

    assert "window.print()" in script
    assert 'addEventListener("click"' in script


def test_public_pages_have_no_inline_script_or_style_for_a_strict_content_security_policy(
    client, review_index
):
    review = CSPRPageFactory(parent=review_index, themes=[ThemeFactory(name="Neglect")])
    learning = LearningPageFactory(parent=review_index, review=review)

    for url in ("/", review_index.url, f"{review_index.url}?q=neglect", review.url, learning.url):
        html = client.get(url).content.decode()
        assert " style=" not in html and "<style" not in html, url
        assert all(' src="' in tag for tag in re.findall(r"<script[^>]*>", html)), url
        assert not re.search(r"\son[a-z]+=", html), url


def test_every_public_page_has_exactly_one_h1_and_no_skipped_heading_levels(client, review_index):
    review = CSPRPageFactory(parent=review_index, themes=[ThemeFactory(name="Neglect")])
    SCRPageFactory(parent=review_index, themes=review.themes.all())
    learning = LearningPageFactory(parent=review_index, review=review)

    for url in ("/", review_index.url, f"{review_index.url}?q=neglect", review.url, learning.url):
        levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", client.get(url).content.decode())]
        assert levels.count(1) == 1, url
        assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False)), url


def test_template_filter_describes_a_document_without_details(review_index):
    document = PdfDocumentFactory()
    PdfDetails.objects.filter(document=document).delete()
    document = get_document_model().objects.select_related("pdf_details").get(pk=document.pk)
    document.file_size = 2048

    rendered = Template("{% load document_tags %}{{ document|document_facts }}").render(
        Context({"document": document})
    )

    assert rendered == "PDF, 2 KB"
