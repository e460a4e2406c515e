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
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from lessons import rows
from lessons.auth import in_teachers_group_sql
from lessons.roles import TEACHERS_GROUP, remember_role


@cache
def _token_sql() -> str:
    q = rows.quote
    user_model = get_user_model()
    return (
        f"SELECT {rows.columns(Token, 't')}, {rows.columns(user_model, 'u')}, "
        f"{in_teachers_group_sql('u')} "
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
        remember_role(user, in_teachers_group=bool(user_is_teacher))
        return (user, token)
