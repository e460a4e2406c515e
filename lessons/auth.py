"""The signed-in user and their role, read in one hand-written query.

Django's ``ModelBackend`` loads the session's user with the ORM on every
request, about 0.2 ms of CPU (a quarter of a cached page), and the site's
navigation then asks whether the user is a teacher. This backend is
``ModelBackend`` with ``get_user`` reading the user's row and that role in one
query of hand-written SQL (lessons/rows.py); signing in, permissions and
everything else are Django's. The token authentication of the API reads its
users the same way (lessons/api/authentication.py).

A page whose own query can read the user's row too (the question page joins
it to the attempt) hands it over with ``preloaded``: ``get_user`` then takes
that row instead of reading it again, if it is the row of the user the
session names. Django's ``get_user`` checks it as it checks any: the backend,
the session's hash of the password, and whether the user is active.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group

from lessons import rows
from lessons.roles import TEACHERS_GROUP, remember_role


def in_teachers_group_sql(user_alias: str) -> str:
    """A boolean column: whether the user ``user_alias`` is in the teachers
    group. Takes one parameter, ``TEACHERS_GROUP``."""
    q = rows.quote
    user_groups = Group.user_set.through
    return (
        f"EXISTS (SELECT 1 FROM {rows.table(user_groups)} ug "
        f"INNER JOIN {rows.table(Group)} g ON g.{q('id')} = ug.{q('group_id')} "
        f"WHERE ug.{q('user_id')} = {user_alias}.{q('id')} AND g.{q('name')} = %s)"
    )


@cache
def _user_sql() -> str:
    model = get_user_model()
    return (
        f"SELECT {rows.columns(model, 'u')}, {in_teachers_group_sql('u')} "
        f"FROM {rows.table(model)} u "
        f"WHERE u.{rows.quote(model._meta.pk.column)} = %s"
    )


_preloaded: ContextVar[Any] = ContextVar("tally_preloaded_user", default=None)


@contextmanager
def preloaded(user: Any) -> Iterator[None]:
    """While inside, ``get_user`` of ``user``'s id takes ``user`` (a row read
    with its role, ``remember_role``) instead of querying for it."""
    token = _preloaded.set(user)
    try:
        yield
    finally:
        _preloaded.reset(token)


class FastModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        given = _preloaded.get()
        if given is not None and given.pk == user_id:
            return given if self.user_can_authenticate(given) else None
        found = rows.fetch_one_with_extra(
            _user_sql(), [TEACHERS_GROUP, user_id], (get_user_model(),)
        )
        if found is None:
            return None
        (row,), (in_teachers_group,) = found
        user: Any = row
        if user is None or not self.user_can_authenticate(user):
            return None
        remember_role(user, in_teachers_group=bool(in_teachers_group))
        return user
