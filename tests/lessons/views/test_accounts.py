from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from lessons.roles import is_teacher
from tests.factories import UserFactory

PASSWORD = "a long and unusual passphrase 42"


class SignUpTests(TestCase):
    def post(self, **overrides: str):
        data = {
            "username": "ada",
            "email": "ada@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **overrides,
        }
        return self.client.post(reverse("lessons:signup"), data)

    def test_sign_up_makes_a_signed_in_student(self) -> None:
        """Signing up creates a student (never a teacher) and signs them in."""
        response = self.post()
        self.assertRedirects(response, reverse("lessons:home"))
        user = get_user_model().objects.get(username="ada")
        self.assertIs(is_teacher(user), False)
        self.assertEqual(int(self.client.session["_auth_user_id"]), user.pk)

    def test_teacher_role_cannot_be_chosen(self) -> None:
        """Posting extra role fields does not make a teacher."""
        self.post(role="teacher", is_staff="on", groups="teachers")
        user = get_user_model().objects.get(username="ada")
        self.assertIs(is_teacher(user), False)

    def test_refusals_change_nothing(self) -> None:
        """A taken username, differing or weak passwords are refused with a message."""
        UserFactory(username="taken")
        cases = {
            "taken": ({"username": "TAKEN"}, "That username is taken."),
            "differ": (
                {"password2": "something else entirely"},
                "The two passwords differ.",
            ),
            "weak": ({"password1": "password", "password2": "password"}, "too common"),
        }
        for name, (overrides, message) in cases.items():
            with self.subTest(case=name):
                response = self.post(**overrides)
                self.assertContains(response, message)
        self.assertFalse(get_user_model().objects.filter(username="ada").exists())

    def test_errors_are_summarised_where_the_focus_goes(self) -> None:
        """A refused sign-up opens with an error summary (role alert, focusable) linking to each invalid field, and no field takes the focus from it."""
        response = self.post(password2="something else entirely")
        self.assertContains(
            response,
            '<div class="message message--error error-summary" role="alert" '
            'tabindex="-1" id="error-summary" data-error-summary>',
        )
        self.assertContains(
            response,
            '<a href="#id_password2">Password again: The two passwords differ.</a>',
        )
        self.assertNotContains(response, "autofocus")
        # Without errors the username field still takes the focus on arrival.
        self.assertContains(self.client.get(reverse("lessons:signup")), "autofocus")

    def test_safe_next_is_followed(self) -> None:
        """A local ?next= is followed after sign-up; an outside one is ignored."""
        self.assertRedirects(
            self.post(next="/progress/"), "/progress/", fetch_redirect_response=False
        )
        self.client.logout()
        response = self.post(username="bob", next="https://evil.example/")
        self.assertRedirects(
            response, reverse("lessons:home"), fetch_redirect_response=False
        )


class AuthPagesTests(TestCase):
    def test_pages_render_with_our_templates(self) -> None:
        """Sign-in, password reset and sign-up pages use Tally's templates."""
        for name in ("login", "password_reset", "lessons:signup"):
            with self.subTest(name=name):
                response = self.client.get(reverse(name))
                self.assertContains(response, 'class="skip-link"')
                self.assertContains(response, "csrfmiddlewaretoken")

    def test_sign_in_and_out(self) -> None:
        """A student signs in with username and password and signs out by POST."""
        UserFactory(username="cy")
        response = self.client.post(
            reverse("login"),
            {"username": "cy", "password": "correct horse battery staple"},
        )
        self.assertRedirects(response, reverse("lessons:home"))
        response = self.client.post(reverse("logout"))
        self.assertRedirects(response, reverse("lessons:home"))

    def test_wrong_password_gives_a_message(self) -> None:
        """A wrong password says so."""
        UserFactory(username="cy")
        response = self.client.post(
            reverse("login"), {"username": "cy", "password": "nope"}
        )
        self.assertContains(response, "do not match")

    def test_password_change(self) -> None:
        """A signed-in user changes their password."""
        user = UserFactory()
        self.client.force_login(user)
        response = self.client.post(
            reverse("password_change"),
            {
                "old_password": "correct horse battery staple",
                "new_password1": PASSWORD,
                "new_password2": PASSWORD,
            },
        )
        self.assertRedirects(response, reverse("password_change_done"))
        user.refresh_from_db()
        self.assertIs(user.check_password(PASSWORD), True)

    def test_password_reset_sends_mail(self) -> None:
        """A reset request e-mails a link to the address."""
        UserFactory(username="dee", email="dee@example.com")
        response = self.client.post(
            reverse("password_reset"), {"email": "dee@example.com"}
        )
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("/accounts/reset/", mail.outbox[0].body)
        self.assertEqual(mail.outbox[0].subject, "Reset your Tally password")
