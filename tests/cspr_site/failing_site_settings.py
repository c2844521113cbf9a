"""The site's settings (`make run`'s or production's, named by SETTINGS_UNDER_TEST), one address failing.

Used by `test_error_trace.py` to start the real server and see where an error's traceback goes.
Static files are served without collectstatic's manifest, which the test does not build.
"""

import importlib
import os

_settings = importlib.import_module(os.environ["SETTINGS_UNDER_TEST"])
globals().update({name: value for name, value in vars(_settings).items() if name.isupper()})

ROOT_URLCONF = "tests.cspr_site.test_errors"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F821
