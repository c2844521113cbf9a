"""Says why, in the admin, when a guard refused a change deep inside one of Wagtail's own views.

Wagtail turns any refusal in its views into "Sorry, you do not have permission to access this
area."; an administrator changing Settings > Sites, say, also needs to hear which reviews stop
it and until when. Placed after Django's message middleware, so the messages are kept.
"""

from django.contrib import messages

from reviews.window import guards


class WindowRefusalMessagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with guards.refusals_collected() as refusals:
            response = self.get_response(request)
        if refusals and hasattr(request, "_messages"):
            for message in dict.fromkeys(refusals):
                messages.error(request, message)
        return response
