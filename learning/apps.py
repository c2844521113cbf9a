from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning on a Page"

    def ready(self):
        from learning.alerts import receivers

        receivers.connect()
