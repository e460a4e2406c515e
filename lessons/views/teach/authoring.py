"""The teacher's workspace, part 1: from an article to lessons and questions.

Thin views: a form reads the request, one service writes, the page redirects.
Who may see what follows ``lessons.selectors`` (the API uses the same rules):
a teacher reviews only their own articles; reads their own drafts and the
shared published lessons and questions; edits what ``can_edit`` allows.
Anything outside what a user may read is a 404, inside it but not theirs to
change a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST

from lessons import selectors
from lessons.display import (
    figure_in_context,
    figure_note,
    key_text,
    marked_paragraphs,
    render_markdown,
)
from lessons.engine.grade import AnswerDataError, public_data
from lessons.forms import ANSWER_FORMS, EvidenceAnswerForm
from lessons.forms_teach import (
    ANSWER_EDITORS,
    MAX_ROWS,
    ArticleAddForm,
    FigureAddForm,
    FigureValuesForm,
    HopFormSet,
    LessonEditForm,
    QuestionEditForm,
    figure_initial,
    hop_initial,
    service_errors,
)
from lessons.models import Article, Figure, Finding, Lesson, Question, Quiz
from lessons.roles import is_teacher
from lessons.services.analysis import analyse, analysis_scope
from lessons.services.articles import import_article
from lessons.services.attempts import regrade_question
from lessons.services.authoring import (
    edit_question,
    generate_lessons,
    publish_lesson,
    publish_question,
    publish_quiz,
)
from lessons.services.figures import (
    add_figure,
    confirm_figure,
    correct_figure,
    delete_figure,
    set_attribution,
)
from lessons.services.lessons_editing import edit_lesson

LESSONS_PER_PAGE = 30
QUESTIONS_PER_PAGE = 50
ARTICLES_PER_PAGE = 30


def teacher_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous users sign in first; signed-in non-teachers get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_teacher(request.user):
            raise PermissionDenied("The teacher's workspace is for teachers.")
        return view(request, *args, **kwargs)

    return wrapper


# --- lookups: 404 outside what the user may read ---------------------------------


def _article(request: HttpRequest, pk: int) -> Article:
    try:
        return selectors.articles_editable_by(request.user).get(pk=pk)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None


def _figure(request: HttpRequest, pk: int, *, hops: bool = False) -> Figure:
    figures = Figure.objects.select_related("article").filter(
        article__in=selectors.articles_editable_by(request.user)
    )
    if hops:
        figures = figures.prefetch_related("hops__source", "hops__span")
    try:
        return figures.get(pk=pk)
    except Figure.DoesNotExist:
        raise Http404("No such figure.") from None


def _lesson(request: HttpRequest, pk: int) -> Lesson:
    try:
        return selectors.lessons_visible_to(request.user).get(pk=pk)
    except Lesson.DoesNotExist:
        raise Http404("No such lesson.") from None


def _question(request: HttpRequest, pk: int) -> Question:
    try:
        return (
            selectors.questions_visible_to(request.user)
            .select_related("current", "lesson", "skill")
            .get(pk=pk)
        )
    except Question.DoesNotExist:
        raise Http404("No such question.") from None


def _editable(request: HttpRequest, item: Lesson | Question | Quiz) -> None:
    if not selectors.can_edit(request.user, item):
        raise PermissionDenied("You may read this, but not change it.")


def _scope_label(article: Article) -> str:
    return f"the story “{article.story}”" if article.story_id else "this article"


# --- dashboard and articles -----------------------------------------------------


@teacher_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The teacher's own articles and drafts, and the way to their classes."""
    user = request.user
    articles = (
        Article.objects.filter(owner=user)
        .select_related("outlet")
        .annotate(
            figure_count=Count("figures"),
            unreviewed=Count("figures", filter=Q(figures__reviewed=False)),
        )
        .order_by("-created")[:10]
    )
    drafts = Lesson.objects.filter(author=user, status="draft").annotate(
        question_count=Count("questions")
    )[:10]
    draft_questions = Question.objects.filter(
        author=user, status="draft", retired=False
    ).count()
    try:
        classes_url = reverse("teach:class-list")
    except NoReverseMatch:
        classes_url = ""
    return render(
        request,
        "lessons/teach/dashboard.html",
        {
            "articles": articles,
            "drafts": drafts,
            "draft_questions": draft_questions,
            "classes_url": classes_url,
        },
    )


@teacher_required
def article_list(request: HttpRequest) -> HttpResponse:
    articles = (
        selectors.articles_editable_by(request.user)
        .select_related("outlet")
        .annotate(
            figure_count=Count("figures"),
            unreviewed=Count("figures", filter=Q(figures__reviewed=False)),
        )
        .order_by("-created", "headline")
    )
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "lessons/teach/article_list.html",
        {"page": page, "articles": page.object_list},
    )


@teacher_required
@require_http_methods(["GET", "POST"])
def article_add(request: HttpRequest) -> HttpResponse:
    """Paste or upload an article; the extractor marks its figures for review."""
    form = ArticleAddForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = import_article(
                owner=request.user,
                text=data["article_text"],
                headline=data["headline"],
                outlet=data["outlet"],
                url=data.get("url") or "",
                published=data.get("published"),
                published_inferred=bool(data.get("published_inferred")),
                published_note=data.get("published_note") or "",
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            count = article.figures.count()
            messages.success(
                request,
                f"Article added. The extractor found {count} figure"
                f"{'' if count == 1 else 's'}: confirm, correct or delete each.",
            )
            return redirect("teach:article-review", pk=article.pk)
    return render(
        request,
        "lessons/teach/article_add.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@teacher_required
def article_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The text with its figures marked; each figure to confirm, correct or delete."""
    try:
        article = selectors.article_for_review(pk=pk, user=request.user)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    figures = list(article.figures.all())
    scope = analysis_scope(article)
    return render(
        request,
        "lessons/teach/article_review.html",
        _review_context(request, article, figures, scope),
    )


def _review_context(
    request: HttpRequest,
    article: Article,
    figures: list[Figure],
    scope: dict[str, Any],
    add_form: FigureAddForm | None = None,
) -> dict[str, Any]:
    return {
        "article": article,
        "figures": [figure_note(f) for f in figures],
        "unreviewed": sum(1 for f in figures if not f.reviewed),
        "paragraphs": marked_paragraphs(article, figures),
        "add_form": add_form or FigureAddForm(text=article.text, prefix="add"),
        "finding_count": Finding.objects.for_scope(**scope).count(),
        "lessons": list(
            selectors.lessons_visible_to(request.user)
            .filter(articles=article)
            .order_by("position", "title")
        ),
        "scope_label": _scope_label(article),
    }


# --- figures ------------------------------------------------------------------


@teacher_required
@require_http_methods(["GET", "POST"])
def figure_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A figure the extractor missed: select its words (or type them), give values."""
    article = _article(request, pk)
    form = FigureAddForm(request.POST or None, text=article.text, prefix="add")
    if request.method == "POST" and form.is_valid():
        assert form.span is not None
        start, end = form.span
        try:
            figure = add_figure(
                article=article, start=start, end=end, values=form.values()
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"Figure “{figure.exact}” added.")
            return redirect(
                reverse("teach:article-review", args=[article.pk])
                + f"#figure-row-{figure.pk}"
            )
    return render(
        request,
        "lessons/teach/figure_add.html",
        {"article": article, "form": form},
        status=400 if form.is_bound else 200,
    )


@teacher_required
@require_http_methods(["GET", "POST"])
def figure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a figure's values; its findings and lessons are rebuilt."""
    figure = _figure(request, pk)
    form = FigureValuesForm(request.POST or None, initial=figure_initial(figure))
    if request.method == "POST" and form.is_valid():
        try:
            correct_figure(figure=figure, changes=form.changes(figure))
        except ValidationError as error:
            figure.refresh_from_db()
            service_errors(form, error)
        else:
            messages.success(
                request,
                f"Figure “{figure.exact}” saved and marked reviewed; "
                "its findings and lessons were brought up to date.",
            )
            return redirect(_figure_row(figure))
    return render(
        request,
        "lessons/teach/figure_edit.html",
        {
            "figure": figure,
            "article": figure.article,
            "quote": figure_in_context(figure, figure.article.text),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


def _figure_row(figure: Figure) -> str:
    return (
        reverse("teach:article-review", args=[figure.article_id])
        + f"#figure-row-{figure.pk}"
    )


@teacher_required
@require_POST
def figure_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    figure = _figure(request, pk)
    confirm_figure(figure=figure)
    messages.success(request, f"Figure “{figure.exact}” confirmed.")
    return redirect(_figure_row(figure))


@teacher_required
@require_http_methods(["GET", "POST"])
def figure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then delete a figure the extractor got wrong."""
    figure = _figure(request, pk)
    if request.method == "POST":
        article_id = figure.article_id
        delete_figure(figure=figure)
        messages.success(request, f"Figure “{figure.exact}” deleted.")
        return redirect("teach:article-review", pk=article_id)
    return render(
        request,
        "lessons/teach/figure_delete.html",
        {
            "figure": figure,
            "article": figure.article,
            "quote": figure_in_context(figure, figure.article.text),
        },
    )


@teacher_required
@require_http_methods(["GET", "POST"])
def figure_attribution(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit who said a figure, hop by hop: the first-hand source first."""
    figure = _figure(request, pk, hops=True)
    text = figure.article.text
    initial = hop_initial(figure, text)
    data = request.POST if request.method == "POST" else None
    if data is not None and data.get("more"):
        data = _with_extra_row(data, "hops")
    formset = HopFormSet(data, initial=initial, prefix="hops", text=text)
    if request.method == "POST" and not request.POST.get("more"):
        if formset.is_valid():
            try:
                set_attribution(figure=figure, hops=formset.hops())
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(error.messages)  # type: ignore[attr-defined]
            else:
                messages.success(
                    request, f"The source chain of “{figure.exact}” is saved."
                )
                return redirect(_figure_row(figure))
        status = 400
    else:
        status = 200
    return render(
        request,
        "lessons/teach/figure_attribution.html",
        {
            "figure": figure,
            "article": figure.article,
            "quote": figure_in_context(figure, text),
            "formset": formset,
        },
        status=status,
    )


def _with_extra_row(data: Any, prefix: str) -> Any:
    """The posted data with one more (blank) row in the formset ``prefix``."""
    data = data.copy()
    name = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(name, "0"))
    except ValueError:
        total = 0
    data[name] = str(min(total + 1, MAX_ROWS))
    return data


# --- checks, findings and generation ----------------------------------------------


@teacher_required
@require_POST
def article_analyse(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    _corpus, _results, findings = analyse(**analysis_scope(article))
    messages.success(
        request,
        f"The checks ran over {_scope_label(article)}: "
        f"{len(findings)} finding{'' if len(findings) == 1 else 's'}.",
    )
    return redirect("teach:article-findings", pk=article.pk)


@teacher_required
def article_findings(request: HttpRequest, pk: int) -> HttpResponse:
    """What the checks found over the article (or its story), with the figures."""
    article = _article(request, pk)
    scope = analysis_scope(article)
    return render(
        request,
        "lessons/teach/article_findings.html",
        {
            "article": article,
            "findings": selectors.scope_findings(**scope),
            "scope_label": _scope_label(article),
        },
    )


@teacher_required
@require_POST
def article_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """Run the checks and build draft lessons and questions from the findings."""
    article = _article(request, pk)
    try:
        report = generate_lessons(**analysis_scope(article), requested_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("teach:article-review", pk=article.pk)
    messages.success(
        request,
        f"Lessons built: {report.lessons_created} new, {report.lessons_updated} "
        f"updated; {report.questions_created} new questions, "
        f"{report.question_versions_added} questions changed. "
        "Drafts stay private until you publish them.",
    )
    return redirect(reverse("teach:lesson-list") + f"?article={article.pk}")


# --- lessons -------------------------------------------------------------------


@teacher_required
def lesson_list(request: HttpRequest) -> HttpResponse:
    """The teacher's own lessons (drafts first) and the shared published ones."""
    lessons = selectors.teacher_lessons(request.user)
    article = None
    if request.GET.get("article", "").isdigit():
        article = Article.objects.filter(pk=request.GET["article"]).first()
        lessons = lessons.filter(articles=article)
    mine = request.GET.get("mine") == "1"
    if mine:
        lessons = lessons.filter(author=request.user)
    page = Paginator(lessons, LESSONS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(lesson, selectors.can_edit(request.user, lesson)) for lesson in page]
    return render(
        request,
        "lessons/teach/lesson_list.html",
        {"page": page, "rows": rows, "article": article, "mine": mine},
    )


@teacher_required
def lesson_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A lesson as the teacher sees it: text, questions, quizzes and what to publish."""
    lesson = _lesson(request, pk)
    questions = list(
        selectors.teacher_questions(request.user).filter(lesson=lesson, retired=False)
    )
    quizzes = list(Quiz.objects.filter(lesson=lesson).order_by("position", "title"))
    user = request.user
    return render(
        request,
        "lessons/teach/lesson_detail.html",
        {
            "lesson": lesson,
            "can_edit": selectors.can_edit(user, lesson),
            "questions": [(q, selectors.can_edit(user, q)) for q in questions],
            "quizzes": [(q, selectors.can_edit(user, q)) for q in quizzes],
        },
    )


@teacher_required
@require_http_methods(["GET", "POST"])
def lesson_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the title, summary and Markdown body; "Preview" shows it unsaved."""
    lesson = _lesson(request, pk)
    _editable(request, lesson)
    form = LessonEditForm(
        request.POST or None,
        initial={"title": lesson.title, "summary": lesson.summary, "body": lesson.body},
    )
    preview = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if "preview" in request.POST:
                preview = render_markdown(data["body"])
            else:
                try:
                    edit_lesson(
                        lesson=lesson,
                        title=data["title"],
                        summary=data["summary"],
                        body=data["body"],
                    )
                except ValidationError as error:
                    service_errors(form, error)
                else:
                    messages.success(request, "Lesson saved.")
                    return redirect("teach:lesson-detail", pk=lesson.pk)
        if form.errors:
            status = 400
    return render(
        request,
        "lessons/teach/lesson_edit.html",
        {"lesson": lesson, "form": form, "preview": preview},
        status=status,
    )


@teacher_required
@require_POST
def lesson_publish(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _lesson(request, pk)
    _editable(request, lesson)
    publish_lesson(lesson=lesson)
    messages.success(request, f"“{lesson.title}” is published.")
    return redirect("teach:lesson-detail", pk=lesson.pk)


@teacher_required
@require_POST
def lesson_quiz_publish(request: HttpRequest, pk: int, quiz_pk: int) -> HttpResponse:
    """Publish one of the lesson's quizzes (and its draft questions with it)."""
    lesson = _lesson(request, pk)
    try:
        quiz = Quiz.objects.get(pk=quiz_pk, lesson=lesson)
    except Quiz.DoesNotExist:
        raise Http404("No such quiz in this lesson.") from None
    _editable(request, quiz)
    try:
        publish_quiz(quiz=quiz)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{quiz.title}” is published.")
    return redirect("teach:lesson-detail", pk=lesson.pk)


# --- questions -------------------------------------------------------------------


@teacher_required
def question_list(request: HttpRequest) -> HttpResponse:
    questions = selectors.teacher_questions(request.user).filter(retired=False)
    lesson = None
    if request.GET.get("lesson", "").isdigit():
        lesson = (
            selectors.lessons_visible_to(request.user)
            .filter(pk=request.GET["lesson"])
            .first()
        )
        questions = questions.filter(lesson=lesson)
    mine = request.GET.get("mine") == "1"
    if mine:
        questions = questions.filter(author=request.user)
    page = Paginator(questions, QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(q, selectors.can_edit(request.user, q)) for q in page]
    return render(
        request,
        "lessons/teach/question_list.html",
        {"page": page, "rows": rows, "lesson": lesson, "mine": mine},
    )


def _question_articles(question: Question) -> list[Article]:
    """The articles an evidence question selects from (none for other types)."""
    if question.type != "evidence" or question.current is None:
        return []
    keys = selectors.evidence_article_keys(question)
    articles = list(selectors.articles_by_key(keys).values())
    lesson_articles = selectors.lesson_articles(question.lesson_id)
    return articles + [a for a in lesson_articles if a.key not in set(keys)]


@teacher_required
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The question as a student sees it (from ``public_data`` only), then the key."""
    question = _question(request, pk)
    version = question.current
    if version is None:
        raise Http404("That question has no content yet.")
    articles = _question_articles(question)
    try:
        public = public_data(question.type, version.answer, seed=question.key)
    except AnswerDataError:
        public = None
    student_form = None
    if public is not None:
        kwargs: dict[str, Any] = {"question_id": question.pk, "public": public}
        if ANSWER_FORMS[question.type] is EvidenceAnswerForm:
            kwargs["articles"] = articles
        student_form = ANSWER_FORMS[question.type](None, **kwargs)
    texts = {a.key: a.text for a in articles}
    if len(articles) == 1:
        texts.setdefault("", articles[0].text)
    try:
        key = key_text(question.type, version.answer, article_texts=texts)
    except AnswerDataError as error:
        key = [f"The key is not sound: {error}."]
    editable = selectors.can_edit(request.user, question)
    return render(
        request,
        "lessons/teach/question_detail.html",
        {
            "question": question,
            "version": version,
            "form": student_form,
            "key": key,
            "answer": version.answer,
            "texts": texts,
            "can_edit": editable,
            "stale": selectors.stale_responses(question).count() if editable else 0,
        },
    )


@teacher_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the stem, explanation, difficulty and key; saves a new version."""
    question = _question(request, pk)
    _editable(request, question)
    version = question.current
    if version is None:
        raise Http404("That question has no content yet.")
    articles = _question_articles(question)
    editor_class = ANSWER_EDITORS[question.type]
    initial = {
        "stem": version.stem,
        "explanation": version.explanation,
        "difficulty": question.difficulty,
    }
    data = request.POST if request.method == "POST" else None
    more = data.get("more", "") if data is not None else ""
    if more:
        data = _with_extra_row(data, more)
    form = QuestionEditForm(data, initial=initial)
    editor = editor_class(data, answer=version.answer, articles=articles)
    errors: list[str] = []
    status = 200
    if data is not None and not more:
        form_ok, editor_ok = form.is_valid(), editor.is_valid()
        if form_ok and editor_ok:
            try:
                edit_question(
                    question=question,
                    stem=form.cleaned_data["stem"],
                    explanation=form.cleaned_data["explanation"],
                    answer=editor.answer(),
                    difficulty=form.cleaned_data["difficulty"],
                )
            except ValidationError as error:
                errors = _question_errors(form, error)
            else:
                message = "Question saved."
                stale = selectors.stale_responses(question).count()
                if stale:
                    message += (
                        f" {stale} response{'' if stale == 1 else 's'} answered an "
                        "older version: regrade them if you fixed the key."
                    )
                messages.success(request, message)
                return redirect("teach:question-detail", pk=question.pk)
        else:
            errors = editor.errors()
        status = 400
    return render(
        request,
        "lessons/teach/question_edit.html",
        {
            "question": question,
            "version": version,
            "form": form,
            "editor": editor,
            "errors": errors,
            "articles": articles,
        },
        status=status,
    )


def _question_errors(form: QuestionEditForm, error: ValidationError) -> list[str]:
    """Field errors go on the form; the key's errors are listed above the editor."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    found = []
    for name, messages_ in error.message_dict.items():
        if name in form.fields:
            form.add_error(name, messages_)
        else:
            found += messages_
    return found


@teacher_required
@require_POST
def question_publish(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    _editable(request, question)
    try:
        publish_question(question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Question published.")
    return redirect("teach:question-detail", pk=question.pk)


@teacher_required
@require_POST
def question_regrade(request: HttpRequest, pk: int) -> HttpResponse:
    """Grade every response again against the current key; attempts are rescored."""
    question = _question(request, pk)
    _editable(request, question)
    try:
        changed = regrade_question(question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Regraded: {changed} response{'' if changed == 1 else 's'} changed.",
        )
    return redirect("teach:question-detail", pk=question.pk)
