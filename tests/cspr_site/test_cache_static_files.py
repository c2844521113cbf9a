"""Static files in production: hashed names cached for ever, Brotli-compressed, served by the app."""

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings

from cspr_site.settings.base import BASE_DIR
from tests.cspr_site import production_settings
from tests.cspr_site.test_security import assert_public_headers

FOREVER = "max-age=315360000, public, immutable"


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic with production's storage, for the site's own files (the admin's take minutes)."""
    root = tmp_path_factory.mktemp("staticfiles")
    storages = production_settings.load()["STORAGES"]
    with override_settings(
        STATIC_ROOT=root,
        STORAGES=storages,
        STATICFILES_DIRS=[BASE_DIR / "static"],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    return {"STATIC_ROOT": root, "STORAGES": storages}


@pytest.fixture
def production_static(collected):
    with production_settings.production_responses(), override_settings(**collected):
        yield


def test_production_stores_hashed_and_compressed_files():
    storage = production_settings.load()["STORAGES"]["staticfiles"]["BACKEND"]

    assert storage == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_hashed_files_are_cached_for_ever(production_static):
    url = static("css/site.css")

    response = Client().get(url, secure=True)

    assert url != "/static/css/site.css" and url.startswith("/static/css/site.")
    assert response.status_code == 200
    assert response["Cache-Control"] == FOREVER
    assert response["Content-Type"].startswith("text/css")


def test_browsers_that_accept_brotli_get_it(production_static):
    response = Client().get(static("css/site.css"), secure=True, headers={"accept-encoding": "gzip, br"})

    assert response["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response["Vary"]


def test_unhashed_names_are_cached_only_briefly(production_static):
    response = Client().get("/static/css/site.css", secure=True)

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"


def test_static_files_carry_every_security_header(production_static):
    response = Client().get(static("css/site.css"), secure=True)

    assert response.status_code == 200
    assert_public_headers(response)


def test_the_feeds_xsl_stylesheet_is_served_as_xml_so_browsers_apply_it(production_static):
    response = Client().get(static("reviews/feed.xsl"), secure=True)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xsl")
