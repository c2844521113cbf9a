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
