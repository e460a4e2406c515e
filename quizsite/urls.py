import os

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("lessons.api.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("teach/", include("lessons.urls_teach")),
    path("", include("lessons.urls")),
]

if os.environ.get("TALLY_BENCH") == "1":
    # `make bench` only: a bare view (full middleware, no template, no query) that
    # every measured page is compared against. Absent unless TALLY_BENCH=1.
    def bench_ceiling(request: HttpRequest) -> HttpResponse:
        return HttpResponse(b"ok", content_type="text/plain")

    urlpatterns.insert(0, path("bench/ceiling/", bench_ceiling, name="bench-ceiling"))
