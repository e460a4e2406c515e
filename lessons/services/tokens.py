"""API tokens: one per user, issued on sign-in and revoked on request."""

from __future__ import annotations

from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token

__all__ = ["issue_token", "revoke_token"]


def issue_token(*, user: User) -> Token:
    """The user's token, created on first use."""
    token, _ = Token.objects.get_or_create(user=user)
    return token


def revoke_token(*, user: User) -> bool:
    """Delete the user's token; whether there was one."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return bool(deleted)
