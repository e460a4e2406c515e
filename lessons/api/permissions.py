"""Small permission classes; which objects a user can see at all is the
queryset's business (``lessons.selectors.*_visible_to``), so an object outside
it is a 404, and one inside it that the user may not change is a 403."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from lessons.models import Article, Classroom, Story
from lessons.roles import is_teacher
from lessons.selectors import can_edit, can_edit_article


class IsTeacher(BasePermission):
    """The user is a teacher (staff count as teachers)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return is_teacher(request.user)


class CanEditContent(BasePermission):
    """The user may edit this lesson, question or quiz."""

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return can_edit(request.user, obj)


class OwnsScope(BasePermission):
    """The user owns the article (or every article of the story), or is staff."""

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        user = request.user
        if isinstance(obj, Article):
            return can_edit_article(user, obj)
        if user.is_staff:
            return True
        if isinstance(obj, Story):
            owners = set(obj.articles.values_list("owner_id", flat=True))
            return owners == {user.pk}
        return False


class IsAttemptStudent(BasePermission):
    """The attempt is the user's own."""

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return obj.student_id == request.user.pk


class CanEditFigure(BasePermission):
    """The user owns the figure's article, or is staff."""

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return can_edit_article(request.user, obj.article)


class IsQuizAuthor(BasePermission):
    """The user wrote this quiz, or is staff (generated quizzes: staff only)."""

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return request.user.is_staff or obj.author_id == request.user.pk


def teaches(user: Any, classroom: Classroom) -> bool:
    """The user teaches the class, or is staff (no query; ``class_taught_by``'s rule)."""
    return user.is_staff or classroom.teacher_id == user.pk


class TeachesClass(BasePermission):
    """The user teaches this class (or the assignment's class), or is staff."""

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return teaches(request.user, getattr(obj, "classroom", obj))


class IsClassMember(BasePermission):
    """The user belongs to this class."""

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return obj.memberships.filter(student=request.user).exists()
