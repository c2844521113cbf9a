import email
import email.policy
import socket

import pytest
from wagtail.models import Page, Site

from tests.cspr_site.factories import HomePageFactory
from tests.reviews.factories import ReviewIndexPageFactory


@pytest.fixture
def home_page(db):
    """The partnership's home page as the root of the default site, replacing Wagtail's welcome page."""
    root = Page.get_first_root_node()
    for welcome_page in root.get_children():
        welcome_page.delete()
    home = HomePageFactory(parent=root)
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def review_index(home_page):
    return ReviewIndexPageFactory(parent=home_page)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(username="admin", email="admin@example.org")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


class Inbox:
    """A real SMTP server on a free local port, started and stopped by the test; keeps what it receives.

    `refuse` names recipients it answers with a permanent refusal (550), as a server does for an
    address it does not know.
    """

    def __init__(self):
        self.messages = []
        self.refuse = set()
        self.controller = None
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted"

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address):
        return [message for message in self.messages if message["To"] == address]

    @staticmethod
    def body(message):
        return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


@pytest.fixture
def smtp_server(settings):
    """The site's mail goes to a real SMTP server, for the test to read (and stop and start again)."""
    inbox = Inbox()
    inbox.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", inbox.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    inbox.stop()
