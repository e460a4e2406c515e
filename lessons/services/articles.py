"""Importing articles and storing their figures."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify

from lessons.engine import types as engine
from lessons.engine.annotations import AnnotatedArticle, AnnotationError, load_directory
from lessons.engine.extract import extract_figures
from lessons.models import Article, AttributionHop, Figure, Source, Span, Story


def _clean_text(text: Any) -> str:
    if not isinstance(text, str):
        raise ValidationError("The article text must be a string.")
    if not text.strip():
        raise ValidationError("The article text is empty.")
    limit = settings.TALLY_MAX_ARTICLE_CHARS
    if len(text) > limit:
        raise ValidationError(
            f"The article text has {len(text):,} characters; the limit is {limit:,}."
        )
    if "\x00" in text:
        raise ValidationError(
            "The article text contains a NUL character; is it a binary file?"
        )
    return text


def _clean_headline(headline: Any) -> str:
    if not isinstance(headline, str) or not headline.strip():
        raise ValidationError("The headline is empty.")
    if len(headline) > 500:
        raise ValidationError("The headline is longer than 500 characters.")
    return headline.strip()


def _clean_url(url: str) -> str:
    if url:
        URLValidator()(url)
    return url


def _unique_article_key(headline: str, text: str) -> str:
    base = slugify(headline)[:60].strip("-") or "article"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return f"{base}-{digest}"


def get_or_create_source(
    *, name: str, kind: str, named: bool = True, url: str = ""
) -> Source:
    source, created = Source.objects.get_or_create(
        name=name.strip()[:300], kind=kind, defaults={"named": named, "url": url}
    )
    if not created and url and not source.url:
        source.url = url
        source.save(update_fields=["url"])
    return source


def _figure_values(figure: engine.Figure) -> dict[str, Any]:
    time = figure.time
    return {
        "low": figure.low,
        "high": figure.high,
        "bound": figure.bound.value,
        "kind": figure.kind.value,
        "unit": figure.unit[:100],
        "quantity": figure.quantity[:200],
        "subject": figure.subject[:200],
        "location": figure.location.value,
        "time_text": time.text[:200] if time else "",
        "time_kind": time.kind.value if time else "",
        "time_start": time.start if time else None,
        "time_end": time.end if time else None,
        "method": figure.method.value,
    }


def store_figure(
    *,
    article: Article,
    figure: engine.Figure,
    key: str,
    reviewed: bool,
    method_text: str = "",
    note: str = "",
) -> Figure:
    """Store one engine figure with its spans and attribution hops."""
    stored = Figure(
        article=article,
        key=key,
        start=figure.start,
        end=figure.end,
        reviewed=reviewed,
        rule=figure.rule[:100],
        method_text=method_text[:200],
        note=note,
        **_figure_values(figure),
    )
    stored.anchor(article.text)
    stored.full_clean(exclude=["article"])
    stored.save()
    _store_spans_and_hops(stored, figure)
    return stored


def _store_spans_and_hops(stored: Figure, figure: engine.Figure) -> None:
    spans = [s for s in figure.spans if s.role != "value"]  # the figure is the value
    if figure.time and figure.time.span:
        spans.append(
            engine.TextSpan(figure.time.span.start, figure.time.span.end, "time")
        )
    store_spans_and_hops(stored, spans=spans, hops=figure.hops)


def store_spans_and_hops(
    stored: Figure,
    *,
    spans: Sequence[engine.TextSpan],
    hops: Sequence[engine.Hop],
) -> None:
    """Each distinct supporting span once; hops point at their source span.

    ``hops`` run from the first-hand source outwards and are stored in that
    order from 0; a hop's ``span`` is stored as a "source" span of the figure.
    """
    article = stored.article
    wanted = [
        *spans,
        *(
            engine.TextSpan(hop.span.start, hop.span.end, "source")
            for hop in hops
            if hop.span
        ),
    ]
    stored_spans: dict[tuple[int, int, str], Span] = {}
    for text_span in wanted:
        marker = (text_span.start, text_span.end, text_span.role)
        if marker in stored_spans:
            continue
        span = Span(
            article=article,
            figure=stored,
            start=text_span.start,
            end=text_span.end,
            role=text_span.role,
        )
        span.anchor(article.text)
        stored_spans[marker] = span
    Span.objects.bulk_create(stored_spans.values())
    AttributionHop.objects.bulk_create(
        AttributionHop(
            figure=stored,
            order=order,
            source=get_or_create_source(
                name=hop.speaker, kind=hop.kind.value, named=hop.named
            ),
            speaker=hop.speaker[:300],
            role=hop.role[:200],
            organisation=hop.organisation[:200],
            verb=hop.verb[:100],
            span=stored_spans.get((hop.span.start, hop.span.end, "source"))
            if hop.span
            else None,
        )
        for order, hop in enumerate(hops)
    )


@transaction.atomic
def import_article(
    *,
    text: str,
    headline: str,
    outlet: str,
    url: str = "",
    outlet_url: str = "",
    published: date | None = None,
    published_inferred: bool = False,
    published_note: str = "",
    story: Story | None = None,
    owner: User | None = None,
    key: str | None = None,
) -> Article:
    """Store an article exactly as given and the extractor's candidate figures.

    The candidates are stored unreviewed: a teacher confirms, corrects or
    deletes each before lessons are trusted.
    """
    text = _clean_text(text)
    headline = _clean_headline(headline)
    if not isinstance(outlet, str) or not outlet.strip():
        raise ValidationError("The outlet is empty.")
    url = _clean_url(url)
    key = key or _unique_article_key(headline, text)
    if Article.objects.filter(key=key).exists():
        raise ValidationError(f"An article with the key {key!r} exists already.")
    article = Article(
        key=key,
        headline=headline,
        outlet=get_or_create_source(name=outlet, kind="outlet", url=outlet_url),
        url=url,
        published=published,
        published_inferred=published_inferred,
        published_note=published_note,
        story=story,
        text=text,
        owner=owner,
    )
    article.full_clean(exclude=["text_sha256", "outlet", "story", "owner"])
    article.save()
    for number, figure in enumerate(
        extract_figures(text, published, headline=headline), start=1
    ):
        store_figure(article=article, figure=figure, key=f"f{number}", reviewed=False)
    return article


def _annotation_matches(
    stored: Figure, figure: engine.Figure, extra: Mapping[str, Any]
) -> bool:
    wanted = {
        **_figure_values(figure),
        **extra,
        "start": figure.start,
        "end": figure.end,
    }
    for name, value in wanted.items():
        current = getattr(stored, name)
        if isinstance(current, Decimal) and value is not None:
            if current != Decimal(value):
                return False
        elif current != value:
            return False
    hops = [
        (h.speaker, h.source.kind, h.source.named, h.role, h.organisation, h.verb)
        for h in stored.hops.all()
    ]
    wanted_hops = [
        (h.speaker, h.kind.value, h.named, h.role, h.organisation, h.verb)
        for h in figure.hops
    ]
    return hops == wanted_hops


def _figure_key(engine_key: str) -> str:
    return engine_key.rsplit("/", 1)[-1]


@transaction.atomic
def import_annotated_article(*, annotated: AnnotatedArticle) -> Article:
    """Store a hand-annotated article and its figures as reviewed.

    Idempotent: importing the same annotation again writes nothing; a changed
    annotation updates just the figures that changed. The text itself may
    never change.
    """
    info = annotated.info
    story = None
    if annotated.story_slug:
        story, _ = Story.objects.get_or_create(
            slug=annotated.story_slug, defaults={"title": annotated.story_title}
        )
    article = Article.objects.filter(key=info.key).first()
    if article is None:
        article = Article(
            key=info.key,
            headline=_clean_headline(info.headline),
            outlet=get_or_create_source(
                name=info.outlet, kind="outlet", url=annotated.outlet_url
            ),
            url=_clean_url(annotated.url),
            published=info.published,
            published_inferred=info.published_inferred,
            published_note=annotated.published_note,
            story=story,
            text=_clean_text(info.text),
        )
        article.save()
    elif article.text != info.text:
        raise ValidationError(
            f"{annotated.text_file}: the text differs from the article {info.key!r} "
            "already stored; an article's text is frozen."
        )

    existing = {f.key: f for f in article.figures.prefetch_related("hops__source")}
    wanted_keys = set()
    for figure in annotated.figures:
        key = _figure_key(figure.key)
        extra = {
            "note": annotated.notes.get(figure.key, ""),
            "method_text": next(
                (s.quote(info.text) for s in figure.spans if s.role == "method"), ""
            ),
        }
        wanted_keys.add(key)
        stored = existing.get(key)
        if (
            stored is not None
            and stored.reviewed
            and _annotation_matches(stored, figure, extra)
        ):
            continue
        if stored is not None:
            stored.delete()
        store_figure(article=article, figure=figure, key=key, reviewed=True, **extra)
    stale = [
        f.pk
        for k, f in existing.items()
        if k not in wanted_keys and f.rule == "annotation"
    ]
    if stale:
        Figure.objects.filter(pk__in=stale).delete()
    return article


def import_seeds(*, directory: Path | None = None) -> list[Article]:
    """Import every annotated seed article; all or nothing."""
    directory = directory or settings.TALLY_SEEDS_DIR / "articles"
    try:
        annotated = load_directory(directory)
    except AnnotationError as error:
        raise ValidationError(str(error)) from error
    except OSError as error:
        raise ValidationError(f"{directory}: {error.strerror or error}") from error
    with transaction.atomic():
        return [import_annotated_article(annotated=item) for item in annotated]
