"""The project's URLs plus the test-only record type's generic pages."""

from django.urls import include, path

from giapranh.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("test-memos/", include("tests.core.testapp.urls"))]
