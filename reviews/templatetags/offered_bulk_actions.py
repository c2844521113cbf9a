"""The bulk action buttons a person may use: Wagtail's, less those their action says are not for them."""

from django import template
from django.urls import reverse
from wagtail.admin.templatetags.wagtailadmin_tags import bulk_action_choices
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

register = template.Library()


@register.inclusion_tag("wagtailadmin/shared/buttons.html", takes_context=True)
def offered_bulk_action_choices(context, app_label, model_name):
    user = context["request"].user
    hidden = {
        reverse("wagtail_bulk_action", args=[app_label, model_name, action.action_type])
        for action in bulk_action_registry.get_bulk_actions_for_model(app_label, model_name)
        if not getattr(action, "is_offered_to", lambda user: True)(user)
    }
    choices = bulk_action_choices(context, app_label, model_name)
    buttons = [button for button in choices["buttons"] if getattr(button, "url", None) not in hidden]
    for button in buttons:
        if hasattr(button, "dropdown_buttons"):
            button.dropdown_buttons = [item for item in button.dropdown_buttons if item.url not in hidden]
    # A "More" menu left with nothing in it goes too.
    return {**choices, "buttons": [button for button in buttons if getattr(button, "dropdown_buttons", True)]}
