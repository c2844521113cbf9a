from django.apps import AppConfig


class CsprSiteConfig(AppConfig):
    name = "cspr_site"
    verbose_name = "Partnership site"

    def ready(self):
        from cspr_site import cache

        cache.connect()
