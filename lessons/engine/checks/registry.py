"""The registry of consistency checks.

A check is a pure function ``Corpus -> list[Finding]`` that emits findings of
exactly one kind. It is registered with :func:`register`, which records the
kind it emits; :func:`run_checks` runs every registered check in registration
order (the order the family modules are imported in ``checks/__init__.py``),
keeps the findings of each check in the order the check made them (text order
of the figures) and drops any finding whose key was already produced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..types import Corpus, Finding

Check = Callable[[Corpus], list[Finding]]


@dataclass(frozen=True)
class RegisteredCheck:
    kind: str  # the Finding.kind this check emits
    func: Check
    module: str  # the family module, whose docstring documents ``values``


REGISTRY: dict[str, RegisteredCheck] = {}


def register(kind: str) -> Callable[[Check], Check]:
    """Register ``func`` as the check that emits findings of ``kind``."""

    def decorate(func: Check) -> Check:
        if kind in REGISTRY and REGISTRY[kind].func is not func:
            raise ValueError(f"a check for {kind!r} is already registered")
        REGISTRY[kind] = RegisteredCheck(kind=kind, func=func, module=func.__module__)
        return func

    return decorate


def run_checks(corpus: Corpus, *, kinds: Iterable[str] | None = None) -> list[Finding]:
    """Every registered check's findings over ``corpus``, without duplicates.

    ``kinds`` restricts the run to those kinds (in registry order). A check
    that emits a finding of another kind than it registered is a bug and
    raises ``ValueError``.
    """
    wanted = None if kinds is None else set(kinds)
    if wanted is not None and not wanted <= REGISTRY.keys():
        raise ValueError(f"unknown check kinds: {sorted(wanted - REGISTRY.keys())}")
    seen: set[str] = set()
    findings: list[Finding] = []
    for kind, registered in REGISTRY.items():
        if wanted is not None and kind not in wanted:
            continue
        for finding in registered.func(corpus):
            if finding.kind != kind:
                raise ValueError(
                    f"check {registered.func.__name__} registered for {kind!r} "
                    f"emitted a {finding.kind!r} finding"
                )
            if finding.key in seen:
                continue
            seen.add(finding.key)
            findings.append(finding)
    return findings
