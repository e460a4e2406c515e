"""The project's URLconf: the student site comes first, and that order changes
what no URL resolves to."""

import pytest
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)

from quizsite import urls


def _named_routes(patterns, namespace="", kwargs=()):
    """(view name with its namespaces, the names of its URL's arguments) of
    every named URL pattern."""
    for pattern in patterns:
        names = tuple(kwargs) + tuple(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _named_routes(pattern.url_patterns, inner, names)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, names


def _sample_path(name, arguments):
    """The path ``reverse`` makes for the route with sample arguments."""
    values = {arg: "json" if arg == "format" else "7" for arg in arguments}
    try:
        return reverse(name, kwargs=values)
    except NoReverseMatch:  # an argument the sample does not fit (admin's app_label)
        return None


ROUTES = sorted(set(_named_routes(get_resolver().url_patterns)))


def test_the_student_site_is_tried_first():
    first = urls.urlpatterns[0]
    assert isinstance(first, URLResolver)
    assert first.urlconf_module.__name__ == "lessons.urls"


def test_the_routes_are_found():
    names = {name for name, _ in ROUTES}
    assert {"lessons:attempt-question", "api:attempt-answer", "admin:index"} <= names


@pytest.mark.parametrize("name, arguments", ROUTES)
def test_every_named_route_resolves_to_itself(name, arguments):
    """No route shadows another: the path reversed for each name resolves to
    that name again (a route listed earlier that matched it would take it)."""
    path = _sample_path(name, arguments)
    if path is None:
        pytest.skip(f"{name}: no path for sample arguments {arguments}")
    assert resolve(path).view_name == name
