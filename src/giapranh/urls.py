from django.contrib import admin
from django.urls import include, path

from giapranh.api import api

urlpatterns = [
    path("", include("giapranh.accounts.urls")),
    path("incidents/", include("giapranh.incidents.urls")),
    path("exchange/", include("giapranh.exchange.urls")),
    path("people/", include("giapranh.people.urls")),
    path("community/", include("giapranh.community.urls")),
    path("territory/", include("giapranh.territory.urls")),
    path("reports/", include("giapranh.reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
