import factory
from django.utils import timezone

from learning.alerts.models import Subscriber
from learning.models import LearningPage
from tests.cspr_site.factories import PublishedPageFactory


class LearningPageFactory(PublishedPageFactory):
    title = factory.LazyAttribute(lambda page: f"{page.review.title}: Learning on a Page")
    lived_experience = "<ul><li>What the child lived day to day.</li></ul>"
    key_learning = "<ul><li>What the review found.</li></ul>"
    learning_into_practice = "<ul><li>What to do differently.</li></ul>"

    class Meta:
        model = LearningPage


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber who hears of everything as it happens, unless told otherwise."""

    email = factory.Sequence(lambda n: f"practitioner{n}@example.org")
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    @factory.post_generation
    def themes(subscriber, create, extracted, **kwargs):
        if create and extracted:
            subscriber.every_theme = False
            subscriber.save(update_fields=["every_theme"])
            subscriber.themes.set(extracted)
