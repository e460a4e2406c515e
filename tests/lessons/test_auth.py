from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from lessons.auth import FastModelBackend
from lessons.roles import TEACHERS_GROUP, is_teacher
from tests.factories import StaffFactory, TeacherFactory, UserFactory


class GetUserTests(TestCase):
    def test_the_row_the_orm_reads_with_the_role_in_one_query(self) -> None:
        backend = FastModelBackend()
        for made, teacher in (
            (UserFactory(), False),
            (TeacherFactory(), True),
            (StaffFactory(), True),
        ):
            with self.subTest(user=made.username):
                with CaptureQueriesContext(connection) as queries:
                    user = backend.get_user(made.pk)
                    self.assertEqual(is_teacher(user), teacher)
                self.assertEqual(len(queries), 1)
                for field in type(made)._meta.concrete_fields:
                    self.assertEqual(
                        getattr(user, field.attname), getattr(made, field.attname)
                    )
                self.assertFalse(user._state.adding)

    def test_a_role_granted_or_removed_shows_at_the_next_load(self) -> None:
        backend = FastModelBackend()
        user = UserFactory()
        group, _ = Group.objects.get_or_create(name=TEACHERS_GROUP)
        user.groups.add(group)
        self.assertTrue(is_teacher(backend.get_user(user.pk)))
        user.groups.remove(group)
        self.assertFalse(is_teacher(backend.get_user(user.pk)))

    def test_missing_and_inactive_users_are_nobody(self) -> None:
        backend = FastModelBackend()
        self.assertIsNone(backend.get_user(10**9))
        self.assertIsNone(backend.get_user(UserFactory(is_active=False).pk))
