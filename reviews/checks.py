"""System checks: the wiring the publication window depends on, verified every time Django starts.

A page type that forgot the guarded tester, a window page with another form, or Wagtail's
scheduler answering to its own name would each open a way round the window without any test
noticing, so `manage.py check` (and every test run) fails instead.
"""

from django.apps import apps
from django.core import checks
from django.core.management import get_commands
from wagtail.models import Page

from reviews import kinds
from reviews.window.forms import PublicationWindowPageForm
from reviews.window.pages import PublicationWindowPage, WindowGuardedPageMixin, guarded_page_models

PROJECT_APPS = {"cspr_site", "reviews", "learning"}
SCHEDULER_ALIASES = ("publish_scheduled", "publish_scheduled_pages")


@checks.register()
def check_page_types_use_the_guarded_tester(app_configs, **kwargs):
    guarded = set(guarded_page_models())
    return [
        checks.Error(
            f"{model._meta.label} does not use the publication window's permission tester.",
            hint=f"Add {WindowGuardedPageMixin.__name__} to its bases.",
            obj=model,
            id="reviews.E001",
        )
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and issubclass(model, Page) and model not in guarded
    ]


@checks.register()
def check_every_kind_is_a_window_page_with_the_window_form(app_configs, **kwargs):
    errors = []
    for kind in kinds.ALL_KINDS:
        model = kind.model
        if not issubclass(model, PublicationWindowPage):
            errors.append(
                checks.Error(
                    f"{kind.model_label} is listed as a kind of review but carries no publication window.",
                    hint=f"Make it a subclass of {PublicationWindowPage.__name__}.",
                    obj=model,
                    id="reviews.E002",
                )
            )
        elif not issubclass(model.base_form_class, PublicationWindowPageForm):
            errors.append(
                checks.Error(
                    f"{kind.model_label}'s editor form does not guard takedown dates.",
                    hint=f"Its base_form_class must subclass {PublicationWindowPageForm.__name__}.",
                    obj=model,
                    id="reviews.E003",
                )
            )
    return errors


@checks.register()
def check_wagtails_scheduler_points_to_the_sites_own(app_configs, **kwargs):
    commands = get_commands()
    return [
        checks.Error(
            f"`manage.py {name}` runs {commands.get(name, 'nothing')}'s command, not the one that refuses "
            "and points to `publish_on_schedule`.",
            hint="Put 'reviews' before 'wagtail' in INSTALLED_APPS.",
            id="reviews.E004",
        )
        for name in SCHEDULER_ALIASES
        if commands.get(name) != "reviews"
    ]
