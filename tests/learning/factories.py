import factory

from learning.models import LearningPage
from tests.cspr_site.factories import PublishedPageFactory


class LearningPageFactory(PublishedPageFactory):
    title = factory.LazyAttribute(lambda page: f"{page.review.title}: Learning on a Page")
    lived_experience = "<ul><li>What the child lived day to day.</li></ul>"
    key_learning = "<ul><li>What the review found.</li></ul>"
    learning_into_practice = "<ul><li>What to do differently.</li></ul>"

    class Meta:
        model = LearningPage
