import os

from django.core.wsgi import get_wsgi_application

from cspr_site.cache import PageCacheApplication

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspr_site.settings.dev")

# Cached public pages are answered before Django builds a request (cspr_site/cache.py).
application = PageCacheApplication(get_wsgi_application())
