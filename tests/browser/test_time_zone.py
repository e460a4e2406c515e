"""Times in the reader's time zone: the browser tells the server its zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model

from tests.factories import AssignmentFactory, MembershipFactory, QuizFactory

from .support import PASSWORD, BrowserTestCase


@pytest.mark.browser
class TimeZoneTests(BrowserTestCase):
    timezone_id = "Asia/Tokyo"

    def test_due_dates_in_the_browsers_zone(self) -> None:
        student = get_user_model().objects.create_user(
            "tokyo", "tokyo@example.org", PASSWORD
        )
        membership = MembershipFactory(student=student)
        AssignmentFactory(
            classroom=membership.classroom,
            quiz=QuizFactory(title="Casualty figures"),
            due=datetime(2030, 1, 15, 23, 30, tzinfo=UTC),
        )
        page = self.page
        page.goto(self.url("/accounts/login/?next=/classes/"))
        page.get_by_label("Username").fill("tokyo")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        self.wait_for_path("/classes/")
        # The sign-in page's script stored the zone: this page is in local time.
        row = page.locator("tr", has_text="Casualty figures")
        self.assertIn("Wed 16 Jan 2030, 08:30 JST", row.inner_text())
        cookie = {c["name"]: c["value"] for c in self.context.cookies()}["tally_tz"]
        self.assertEqual(cookie, "Asia/Tokyo")
        self.shot("classes-local-time")
        self.assertEqual(self.errors, [])
