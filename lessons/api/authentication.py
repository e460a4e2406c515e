"""Token authentication that reads the user's teacher role in the same query.

Every API request asks ``roles.is_teacher`` (permissions, ``*_visible_to``);
answering it here saves that query on each token-authenticated request. The
query is hand-written SQL (lessons/rows.py): compiling the ORM version, a
join and an EXISTS subquery, cost a list request 40% of its CPU.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from lessons import rows
from lessons.roles import TEACHERS_GROUP


@cache
def _token_sql() -> str:
    q = rows.quote
    user_model = get_user_model()
    user_groups = Group.user_set.through
    return (
        f"SELECT {rows.columns(Token, 't')}, {rows.columns(user_model, 'u')}, "
        f"EXISTS (SELECT 1 FROM {rows.table(user_groups)} ug "
        f"INNER JOIN {rows.table(Group)} g ON g.{q('id')} = ug.{q('group_id')} "
        f"WHERE ug.{q('user_id')} = u.{q('id')} AND g.{q('name')} = %s) "
        f"FROM {rows.table(Token)} t "
        f"INNER JOIN {rows.table(user_model)} u ON u.{q('id')} = t.{q('user_id')} "
        f"WHERE t.{q('key')} = %s"
    )


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication: the token, its user and the role in one query."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        found = rows.fetch_one_with_extra(
            _token_sql(), [TEACHERS_GROUP, key], (Token, get_user_model())
        )
        if found is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        (token, user), (user_is_teacher,) = found
        token = cast(Token, token)
        token.user = user
        if user is None or not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        # The cache ``roles.is_teacher`` reads and fills, filled by the same rule.
        user._tally_is_teacher = bool(user.is_staff or user_is_teacher)
        return (user, token)
