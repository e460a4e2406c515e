"""Token authentication that reads the user's teacher role in the same query.

Every API request asks ``roles.is_teacher`` (permissions, ``*_visible_to``);
answering it here saves that query on each token-authenticated request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from lessons.roles import TEACHERS_GROUP


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication: the token, its user and the role in one query."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        model = self.get_model()
        in_teachers = Group.objects.filter(name=TEACHERS_GROUP, user=OuterRef("user"))
        try:
            token = (
                model.objects.select_related("user")
                .annotate(user_is_teacher=Exists(in_teachers))
                .get(key=key)
            )
        except model.DoesNotExist as error:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from error
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        # The cache ``roles.is_teacher`` reads and fills, filled by the same rule.
        user._tally_is_teacher = bool(user.is_staff or token.user_is_teacher)
        return (user, token)
