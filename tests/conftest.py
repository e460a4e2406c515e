"""Settings shared by every test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fragment_cache_off(request: pytest.FixtureRequest) -> None:
    """Pages render their content afresh in tests (lessons/fragments.py), so query
    budgets measure the uncached path and no test sees another's HTML; the
    tests of the cache itself set ``fragment_cache = True`` on their class.

    The engine's tests also run without Django (``-p no:django``); there is no
    settings fixture then, and no cache to turn off.
    """
    if getattr(request.cls, "fragment_cache", False):
        return
    if not request.config.pluginmanager.hasplugin("django"):
        return
    settings = request.getfixturevalue("settings")
    settings.TALLY_FRAGMENT_CACHE = None
