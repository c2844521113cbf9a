from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cspr_site.health import healthz
from cspr_site.middleware import client_ip_address
from cspr_site.models import PartnershipSettings
from cspr_site.views import robots_txt
from learning.alerts.views import public as alerts
from reviews.documents.serving import serve_image
from reviews.finding.feed import NewReviewsFeed
from reviews.window.views.guarded_pages import set_collection_privacy


def partnership_name(site):
    return PartnershipSettings.for_site(site).partnership_name


ALERT_URLS = [
    path("sign-up/", alerts.SignUpView.as_view(client_address=client_ip_address), name="alerts_sign_up"),
    path("check-your-email/", alerts.check_your_email, name="alerts_check_your_email"),
    path("confirm/<str:token>/", alerts.ConfirmView.as_view(), name="alerts_confirm"),
    path("manage/<str:token>/", alerts.ManageView.as_view(), name="alerts_manage"),
    path("unsubscribe/<str:token>/", alerts.UnsubscribeView.as_view(), name="alerts_unsubscribe"),
]

urlpatterns = [
    path("admin/collections/<int:collection_id>/privacy/", set_collection_privacy),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(f"{settings.MEDIA_URL.strip('/')}/images/<path:name>", serve_image, name="serve_image"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("child-safeguarding-practice-reviews/feed/", NewReviewsFeed(partnership_name), name="reviews_feed"),
    path("child-safeguarding-practice-reviews/follow/", alerts.follow_page, name="reviews_follow"),
    path("child-safeguarding-practice-reviews/follow/", include(ALERT_URLS)),
    path("healthz", healthz, name="healthz"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
