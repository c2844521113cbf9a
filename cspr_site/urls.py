from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cspr_site.health import healthz
from cspr_site.models import PartnershipSettings
from cspr_site.views import robots_txt
from reviews.documents.serving import serve_image
from reviews.finding.feed import NewReviewsFeed
from reviews.finding.follow import how_to_follow
from reviews.window.views.guarded_pages import set_collection_privacy


def partnership_name(site):
    return PartnershipSettings.for_site(site).partnership_name


urlpatterns = [
    path("admin/collections/<int:collection_id>/privacy/", set_collection_privacy),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(f"{settings.MEDIA_URL.strip('/')}/images/<path:name>", serve_image, name="serve_image"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("child-safeguarding-practice-reviews/feed/", NewReviewsFeed(partnership_name), name="reviews_feed"),
    path("child-safeguarding-practice-reviews/follow/", how_to_follow, name="reviews_follow"),
    path("healthz", healthz, name="healthz"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
