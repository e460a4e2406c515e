import os

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import include, path

# The student site first: URLs are tried in order, and every student page and
# answer saved would otherwise first fail the four prefixes below (Django
# raises an exception for each). The order changes what no URL resolves to
# (tests/quizsite/test_urls.py).
urlpatterns = [
    path("", include("lessons.urls")),
    path("api/v1/", include("lessons.api.urls")),
    path("teach/", include("lessons.urls_teach")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

if os.environ.get("TALLY_BENCH") == "1":
    # `make bench` only: a bare view (full middleware, no template, no query) that
    # every measured page is compared against. Absent unless TALLY_BENCH=1.
    def bench_ceiling(request: HttpRequest) -> HttpResponse:
        return HttpResponse(b"ok", content_type="text/plain")

    # A reference, not the ceiling: what Django itself costs a signed-in page
    # with a form before the page does anything (the session's user loaded and
    # checked, a CSRF token masked), so the report can tell Django's share of a
    # student page from Tally's.
    @login_required
    def bench_signed_in(request: HttpRequest) -> HttpResponse:
        return HttpResponse(get_token(request).encode()[:2], content_type="text/plain")

    urlpatterns.insert(0, path("bench/ceiling/", bench_ceiling, name="bench-ceiling"))
    urlpatterns.insert(
        0, path("bench/signed-in/", bench_signed_in, name="bench-signed-in")
    )
