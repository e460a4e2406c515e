"""Browser tests: Playwright driving Debian's chromium (DESIGN.md §9).

They run only when ``TALLY_BROWSER_TESTS=1`` is set (CI sets it, see ``.ci/run``);
otherwise, and when ``/usr/bin/chromium`` is missing, every test here is skipped
with the reason. Playwright never downloads a browser here: no ``playwright install``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ENABLED = os.environ.get("TALLY_BROWSER_TESTS") == "1"

# Playwright's sync API keeps an asyncio event loop in the main thread, so
# Django would refuse ORM calls made from the test itself without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def skip_reason() -> str | None:
    if not ENABLED:
        return "browser tests run only with TALLY_BROWSER_TESTS=1"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    return None


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    reason = skip_reason()
    here = Path(__file__).parent
    for item in items:
        if here not in Path(str(item.path)).parents:
            continue
        item.add_marker(pytest.mark.browser)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))
