"""Fill a fresh site with fictional reviews, so there is something to browse, edit and test."""

import secrets
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Site

from cspr_site.demo.content import (
    ACCESSIBILITY_STATEMENT,
    CONTACT_PAGE,
    CSPR,
    DEMO_USERS,
    HOME,
    LEARNING_PAGE,
    PARTNERSHIP_CONTACTS,
    PARTNERSHIP_NAME,
    PRIVACY_NOTICE,
    REVIEW_INDEX,
    REVIEWS,
    THEMES,
)
from cspr_site.demo.sample_pdf import sample_report_pdf
from cspr_site.demo.web_report import WEB_REPORTS
from cspr_site.models import HomePage, InformationPage, PartnershipSettings
from cspr_site.site_address import hostname_and_port
from learning.models import LearningPage
from reviews.models import CSPRPage, ReviewIndexPage, SCRPage, Theme

WAGTAIL_WELCOME_TITLE = "Welcome to your new Wagtail site!"
HOME_SLUG = "home"


class Command(BaseCommand):
    help = (
        "Add a home page, the reviews index, fictional reviews with sample PDF reports, themes "
        "and a Learning on a Page summary. Anything already there is left exactly as it is, "
        "so it is safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-demo-users",
            action="store_true",
            help=(
                "Also create one user per editorial role (editor, moderator, partnership "
                "administrator) with a random password, printed once. Existing users are left alone."
            ),
        )

    def handle(self, *args, with_demo_users=False, **options):
        self.created = Counter()
        self.present = Counter()
        new_users = []
        with transaction.atomic():
            home = self.ensure_home_page()
            index = self.ensure_review_index(home)
            themes = self.ensure_themes()
            reviews = {review.slug: self.ensure_review(index, review, themes) for review in REVIEWS}
            self.ensure_learning_page(index, reviews[LEARNING_PAGE["review_slug"]])
            footer_pages = {
                "accessibility_page": self.ensure_information_page(home, ACCESSIBILITY_STATEMENT),
                "privacy_page": self.ensure_information_page(home, PRIVACY_NOTICE),
                "contact_page": self.ensure_information_page(home, CONTACT_PAGE),
            }
            self.fill_in_partnership_settings(home, footer_pages)
            if with_demo_users:
                new_users = [user for user in map(self.ensure_demo_user, DEMO_USERS) if user]
        self.write_summary()
        self.write_new_users(new_users)

    def ensure_home_page(self):
        home = HomePage.objects.first()
        if home is not None:
            self.tally("pages", created=False)
            return home

        site = Site.objects.filter(is_default_site=True).first()
        root = Page.get_first_root_node()
        welcome = self.untouched_welcome_page(root)
        if welcome is not None:
            # Site.root_page cascades on delete; parking the site on the tree root keeps it.
            if site is not None and site.root_page_id == welcome.pk:
                site.root_page = root
                site.save()
            welcome.delete()
            # The delete changed the root's child count behind this instance's back.
            root = Page.get_first_root_node()

        slug_taken = root.get_children().filter(slug=HOME_SLUG).exists()
        home = HomePage(
            title=HOME["title"],
            slug="partnership-home" if slug_taken else HOME_SLUG,
            search_description=HOME["search_description"],
            introduction=HOME["introduction"],
        )
        self.publish_new_page(root, home)
        self.point_default_site_at(site, root, home)
        return home

    def untouched_welcome_page(self, root):
        """Wagtail's placeholder page, only while nobody has edited it or built under it."""
        return (
            root.get_children()
            .filter(
                content_type=ContentType.objects.get_for_model(Page),
                title=WAGTAIL_WELCOME_TITLE,
                numchild=0,
            )
            .first()
        )

    def point_default_site_at(self, site, root, home):
        if site is None:
            hostname, port = hostname_and_port(settings.SITE_URL) if settings.SITE_URL else ("localhost", 80)
            Site.objects.create(
                hostname=hostname,
                port=port,
                root_page=home,
                is_default_site=True,
                site_name=PARTNERSHIP_NAME,
            )
        elif site.root_page_id == root.pk:
            site.root_page = home
            site.save()
        else:
            # The site already serves someone's pages; switching it would hide them.
            self.stdout.write(
                self.style.WARNING(
                    f"The default site still shows '{site.root_page.title}'. Point it at "
                    f"'{home.title}' under Settings > Sites to see the demo content."
                )
            )

    def ensure_review_index(self, home):
        index = self.ensure_page(
            home,
            REVIEW_INDEX["slug"],
            lambda: ReviewIndexPage(
                title=REVIEW_INDEX["title"],
                slug=REVIEW_INDEX["slug"],
                search_description=REVIEW_INDEX["search_description"],
                introduction=REVIEW_INDEX["introduction"],
                scr_introduction=REVIEW_INDEX["scr_introduction"],
            ),
        )
        if not isinstance(index, ReviewIndexPage):
            raise CommandError(
                f"'{index.url_path}' is a {index.get_verbose_name()}, not a "
                "reviews index. Move or rename it, then run this again."
            )
        return index

    def ensure_themes(self):
        themes = {}
        for name in THEMES:
            themes[name], created = Theme.objects.get_or_create(name=name)
            self.tally("themes", created=created)
        return themes

    def ensure_review(self, index, review, themes):
        page_class = CSPRPage if review.kind == CSPR else SCRPage
        report = self.ensure_sample_report(review, page_class.kind.label)

        def build():
            page = page_class(
                title=review.title,
                slug=review.slug,
                search_description=review.search_description,
                publication_date=review.publication_date,
                summary=review.summary,
                report=report,
                report_body=WEB_REPORTS.get(review.slug, []),
            )
            if review.kind == CSPR:
                page.panel_notified_on = review.panel_notified_on
            page.themes = [themes[name] for name in review.themes]
            return page

        return self.ensure_page(index, review.slug, build)

    def ensure_sample_report(self, review, review_type):
        document_model = get_document_model()
        document = document_model.objects.filter(title=review.report_title).first()
        if document is not None:
            self.tally("sample reports", created=False)
            return document

        pdf = sample_report_pdf(review.title, review_type)
        document = document_model(
            title=review.report_title,
            file=ContentFile(pdf, name=review.report_filename),
            collection=Collection.get_first_root_node(),
        )
        # The admin's upload form records size and hash; without them the library shows blanks.
        document._set_document_file_metadata()
        document.save()
        self.tally("sample reports", created=True)
        return document

    def ensure_learning_page(self, index, review_page):
        self.ensure_page(
            index,
            LEARNING_PAGE["slug"],
            lambda: LearningPage(
                title=LEARNING_PAGE["title"],
                slug=LEARNING_PAGE["slug"],
                search_description=LEARNING_PAGE["search_description"],
                review=review_page,
                lived_experience=LEARNING_PAGE["lived_experience"],
                key_learning=LEARNING_PAGE["key_learning"],
                learning_into_practice=LEARNING_PAGE["learning_into_practice"],
            ),
        )

    def ensure_information_page(self, home, content):
        return self.ensure_page(
            home,
            content["slug"],
            lambda: InformationPage(
                title=content["title"],
                slug=content["slug"],
                search_description=content["search_description"],
                body=content["body"],
            ),
        )

    def fill_in_partnership_settings(self, home, footer_pages):
        """Demo contacts and footer links, only where the setting is still empty."""
        site = Site.objects.filter(root_page=home).first()
        if site is None:
            return
        partnership = PartnershipSettings.for_site(site)
        for name, value in [*PARTNERSHIP_CONTACTS.items(), *footer_pages.items()]:
            if not getattr(partnership, name):
                setattr(partnership, name, value)
        partnership.save()

    def ensure_page(self, parent, slug, build):
        """Return the page at this slug, creating and publishing it only if nothing is there."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            self.tally("pages", created=False)
            return existing.specific
        page = build()
        self.publish_new_page(parent, page)
        return page

    def publish_new_page(self, parent, page):
        parent.add_child(instance=page)
        # Publishing through a revision gives editors the same history as pages made in the admin.
        page.save_revision().publish()
        self.tally("pages", created=True)

    def ensure_demo_user(self, details):
        """Create the user in its group with a fresh random password; None if the username is taken."""
        user_model = get_user_model()
        if user_model.objects.filter(username=details["username"]).exists():
            self.tally("demo users", created=False)
            return None
        password = secrets.token_urlsafe(12)
        user = user_model.objects.create_user(
            username=details["username"],
            email=f"{details['username']}@example.org",
            password=password,
            first_name=details["first_name"],
            last_name=details["last_name"],
        )
        group = Group.objects.get(name=details["group"])
        user.groups.add(group)
        self.tally("demo users", created=True)
        return user.username, group.name, password

    def tally(self, kind, created):
        (self.created if created else self.present)[kind] += 1

    def write_summary(self):
        kinds = ["pages", "themes", "sample reports"]
        if "demo users" in self.created or "demo users" in self.present:
            kinds.append("demo users")
        for kind in kinds:
            self.stdout.write(
                f"{kind.capitalize()}: {self.created[kind]} created, {self.present[kind]} already present"
            )
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))

    def write_new_users(self, new_users):
        if not new_users:
            return
        self.stdout.write("Sign in at /admin/ with these passwords; they are shown only this once:")
        for username, group_name, password in new_users:
            self.stdout.write(f"  {username} ({group_name}): {password}")
