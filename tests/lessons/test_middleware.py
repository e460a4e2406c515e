from __future__ import annotations

from datetime import UTC, datetime

from django.test import RequestFactory, SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import timezone

from lessons.middleware import COOKIE, TimezoneMiddleware, zone
from tests.factories import AssignmentFactory, MembershipFactory, UserFactory
from tests.lessons.views.helpers import make_quiz


class ZoneTests(SimpleTestCase):
    def test_iana_names_only(self) -> None:
        self.assertEqual(str(zone("Europe/Paris")), "Europe/Paris")
        self.assertEqual(
            str(zone("America/Argentina/Buenos_Aires")),
            "America/Argentina/Buenos_Aires",
        )
        for bad in ("", "Mars/Olympus", "../../etc/passwd", "/etc/localtime",
                    "Europe/../UTC", "x" * 65, "Europe/Paris\x00", "UTC; rm"):  # fmt: skip
            with self.subTest(name=bad):
                self.assertIsNone(zone(bad))


class MiddlewareTests(SimpleTestCase):
    def zone_seen(self, cookie: str | None) -> str:
        request = RequestFactory().get("/")
        if cookie is not None:
            request.COOKIES[COOKIE] = cookie
        seen = []

        def view(request):
            seen.append(timezone.get_current_timezone_name())
            return None

        TimezoneMiddleware(view)(request)
        return seen[0]

    def test_the_cookie_sets_the_zone_for_the_request(self) -> None:
        self.assertEqual(self.zone_seen("Asia/Tokyo"), "Asia/Tokyo")
        # The next request without a cookie is back in the default zone.
        self.assertEqual(self.zone_seen(None), "UTC")
        self.assertEqual(self.zone_seen("Not/AZone"), "UTC")


class LocalTimesOnPagesTests(TestCase):
    def test_due_dates_show_in_the_readers_zone_and_name_it(self) -> None:
        student = UserFactory()
        membership = MembershipFactory(student=student)
        classroom, teacher = membership.classroom, membership.classroom.teacher
        AssignmentFactory(
            classroom=classroom,
            quiz=make_quiz(1),
            due=datetime(2030, 1, 15, 23, 30, tzinfo=UTC),
        )
        self.client.force_login(student)
        url = reverse("lessons:my-classes")
        self.assertContains(self.client.get(url), "Tue 15 Jan 2030, 23:30 UTC")
        self.client.cookies[COOKIE] = "Asia/Tokyo"
        self.assertContains(self.client.get(url), "Wed 16 Jan 2030, 08:30 JST")
        self.client.force_login(teacher)
        page = self.client.get(reverse("teach:class-detail", args=[classroom.pk]))
        self.assertContains(page, "Wed 16 Jan 2030, 08:30 JST")
