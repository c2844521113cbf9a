from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CsprSiteConfig(AppConfig):
    name = "cspr_site"
    verbose_name = "Partnership site"

    def ready(self):
        from cspr_site import cache, checks, lockout  # noqa: F401  (checks registers the deployment checks)
        from cspr_site.site_address import apply_site_url
        from cspr_site.spreadsheets import neutralise_every_csv_export

        cache.connect()
        lockout.connect()
        neutralise_every_csv_export()
        post_migrate.connect(apply_site_url, sender=self, dispatch_uid="cspr_site.apply_site_url")
