from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self):
        from reviews import checks  # noqa: F401  (registers the system checks)
        from reviews.documents import receivers as document_receivers
        from reviews.editorial import receivers as editorial_receivers
        from reviews.window import receivers as window_receivers

        window_receivers.connect()
        document_receivers.connect()
        editorial_receivers.connect()
