"""Accounts: roles, and the demo users that `make run` prints."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import transaction

from lessons.roles import TEACHERS_GROUP


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str


DEMO_USERS = (
    DemoUser("teacher", "tally-teacher-demo", "teacher"),
    DemoUser("student", "tally-student-demo", "student"),
)


def grant_teacher(*, user: AbstractUser) -> AbstractUser:
    """The teacher role is granted, never chosen at sign-up."""
    group, _ = Group.objects.get_or_create(name=TEACHERS_GROUP)
    user.groups.add(group)
    return user


@transaction.atomic
def create_demo_users() -> tuple[DemoUser, ...]:
    """Create (or reset the password of) the demo teacher and student."""
    User = get_user_model()
    for demo in DEMO_USERS:
        user, _ = User.objects.get_or_create(
            username=demo.username, defaults={"email": f"{demo.username}@example.com"}
        )
        user.set_password(demo.password)
        user.save()
        if demo.role == "teacher":
            grant_teacher(user=user)
    return DEMO_USERS


def sign_up(*, username: str, email: str, password: str) -> AbstractUser:
    """Create a student account; the teacher role is only ever granted later.

    Raises ValidationError for a taken username or a weak password, so the
    API and the web form refuse the same things.
    """
    User = get_user_model()
    User.username_validator(username)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "That username is taken."}, code="taken")
    candidate = User(username=username, email=email)
    password_validation.validate_password(password, candidate)
    return User.objects.create_user(username=username, email=email, password=password)
