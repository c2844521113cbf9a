"""Settings for a real server started by a test: `make run`'s or production's, named by SETTINGS_UNDER_TEST.

Static files are served without collectstatic's manifest, which the tests do not build, and
the site answers one more address, `/broken/`, whose view fails (`test_errors.py`).
"""

import importlib
import os

_settings = importlib.import_module(os.environ["SETTINGS_UNDER_TEST"])
globals().update({name: value for name, value in vars(_settings).items() if name.isupper()})

ROOT_URLCONF = "tests.cspr_site.test_errors"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F821
