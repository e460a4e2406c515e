"""The teacher's workspace: the question bank, quizzes, classes, results and grading.

Only teachers (and staff) reach these pages; a student gets a 403. A teacher
sees and changes only their own quizzes' settings, classes and results: the
querysets below are scoped to the signed-in teacher, so anyone else's class
or quiz is a 404. Published quizzes and questions are shared for reuse.

Every page makes a fixed number of queries whatever the number of questions,
members or students (results are aggregated in ``lessons.results``).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import wraps
from statistics import median
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from lessons import selectors, workspace
from lessons.charts import facility_chart, histogram_chart, score_bins
from lessons.display import stem_summary
from lessons.forms_classes import (
    TYPE_NAMES,
    AddQuestionsForm,
    AssignForm,
    ClassroomForm,
    DueForm,
    GradeForm,
    QuestionBankFilter,
    QuizDrawsForm,
    QuizItemsForm,
    QuizSettingsForm,
)
from lessons.models import (
    Assignment,
    Classroom,
    Membership,
    Quiz,
    QuizItem,
    Skill,
)
from lessons.results import (
    QuestionStats,
    StudentResult,
    question_stats,
    student_results,
)
from lessons.roles import is_teacher
from lessons.services import assembly
from lessons.services.attempts import grade_manually
from lessons.services.classes import (
    assign_quiz,
    create_classroom,
    leave_classroom,
    new_join_code_for,
    unassign_quiz,
)
from lessons.services.quizzes import bank_for, create_quiz, set_quiz_draws, update_quiz

BANK_PER_PAGE = 25
QUIZZES_PER_PAGE = 25
MEMBERS_PER_PAGE = 100
STUDENTS_PER_PAGE = 100
GRADING_PER_PAGE = 20


def teacher_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in teachers and staff only: others sign in, students get a 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_teacher(request.user):
            raise PermissionDenied("Only teachers can use the teacher's workspace.")
        return view(request, *args, **kwargs)

    return wrapped


def _errors(form: Any, error: ValidationError) -> None:
    """A service's refusal as form errors (on fields the form has, else on top)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- the question bank ---------------------------------------------------------------


@teacher_required
def bank(request: HttpRequest) -> HttpResponse:
    """Published questions and the teacher's own, filtered and paginated."""
    user = request.user
    questions = (
        bank_for(user)
        .select_related("current", "skill", "lesson")
        .order_by("skill__position", "skill_id", "difficulty", "pk")
    )
    filters = QuestionBankFilter(request.GET or None, queryset=questions, user=user)
    page = Paginator(filters.qs, BANK_PER_PAGE).get_page(request.GET.get("page"))
    quizzes = workspace.quiz_editable_by(user).order_by("-updated", "pk")
    target = None
    if request.GET.get("quiz"):
        quiz_id = request.GET["quiz"]
        if not quiz_id.isdigit():
            raise Http404("No such quiz.")
        target = get_object_or_404(quizzes, pk=int(quiz_id))
    in_target = (
        set(target.items.values_list("question_id", flat=True)) if target else set()
    )
    rows = [
        {
            "question": q,
            "summary": stem_summary(q.current.stem) if q.current else "",
            "type": TYPE_NAMES.get(q.type, q.type),
            "in_target": q.pk in in_target,
        }
        for q in page.object_list
    ]
    return render(
        request,
        "lessons/teach/bank_list.html",
        {
            "filters": filters,
            "page": page,
            "rows": rows,
            "quizzes": list(quizzes.only("pk", "title")),
            "target": target,
        },
    )


@teacher_required
@require_POST
def bank_add(request: HttpRequest) -> HttpResponse:
    """Add the ticked bank questions to one of the teacher's quizzes."""
    form = AddQuestionsForm(
        request.POST, quizzes=workspace.quiz_editable_by(request.user)
    )
    back = _back(request, reverse("teach:bank"))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(back)
    quiz = form.cleaned_data["quiz"]
    try:
        added = assembly.add_quiz_questions(
            quiz=quiz, teacher=request.user, questions=form.cleaned_data["questions"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if added:
        messages.success(
            request, f"Added {added} question{'s' if added != 1 else ''} to “{quiz}”."
        )
    else:
        messages.info(request, f"Those questions are already in “{quiz}”.")
    return redirect(back)


# --- quizzes ----------------------------------------------------------------------------


@teacher_required
def quiz_list(request: HttpRequest) -> HttpResponse:
    """The teacher's quizzes and the published ones shared by others."""
    show = request.GET.get("show", "all")
    if show not in ("all", "mine", "shared"):
        show = "all"
    quizzes = workspace.quizzes_for_teacher(request.user, show=show)
    page = Paginator(quizzes, QUIZZES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "lessons/teach/quiz_list.html",
        {"page": page, "quizzes": page.object_list, "show": show},
    )


@teacher_required
@require_http_methods(["GET", "POST"])
def quiz_add(request: HttpRequest) -> HttpResponse:
    """A new draft quiz of the teacher's own."""
    form = QuizSettingsForm(
        request.POST or None,
        initial={
            "grading": Quiz.Grading.HIGHEST,
            "feedback": Quiz.Feedback.AFTER_SUBMIT,
            "attempts_allowed": 0,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            quiz = create_quiz(author=request.user, **form.settings())
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(
                request, f"Quiz “{quiz}” created. Now add questions from the bank."
            )
            return redirect("teach:quiz-edit", pk=quiz.pk)
    return render(request, "lessons/teach/quiz_form.html", {"form": form})


def _quiz_items(quiz: Quiz) -> list[QuizItem]:
    return list(
        QuizItem.objects.filter(quiz=quiz)
        .select_related("question__current", "question__skill")
        .order_by("position")
    )


def _item_rows(items: Iterable[QuizItem]) -> list[dict[str, Any]]:
    return [
        {
            "item": item,
            "summary": stem_summary(item.question.current.stem)
            if item.question.current
            else item.question.key,
            "type": TYPE_NAMES.get(item.question.type, item.question.type),
        }
        for item in items
    ]


@teacher_required
def quiz_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A quiz's settings and questions, read-only (any teacher's published quiz)."""
    quiz = get_object_or_404(
        selectors.quizzes_visible_to(request.user).select_related("author"), pk=pk
    )
    if workspace.quiz_editable_by(request.user).filter(pk=quiz.pk).exists():
        return redirect("teach:quiz-edit", pk=quiz.pk)
    return render(
        request,
        "lessons/teach/quiz_detail.html",
        {
            "quiz": quiz,
            "items": _item_rows(_quiz_items(quiz)),
            "draws": list(quiz.draws.select_related("skill")),
        },
    )


def _editable_quiz(request: HttpRequest, pk: int) -> Quiz:
    return get_object_or_404(workspace.quiz_editable_by(request.user), pk=pk)


def _quiz_edit_page(
    request: HttpRequest,
    quiz: Quiz,
    *,
    settings_form: QuizSettingsForm | None = None,
    items_form: QuizItemsForm | None = None,
    draws_form: QuizDrawsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    items = _quiz_items(quiz)
    draws = {d.skill.slug: d.count for d in quiz.draws.select_related("skill")}
    skills = list(Skill.objects.all())
    if settings_form is None:
        settings_form = QuizSettingsForm(initial=QuizSettingsForm.initial_for(quiz))
    if items_form is None:
        items_form = QuizItemsForm(
            question_ids=[i.question_id for i in items],
            initial={f"points-{i.question_id}": i.points for i in items},
        )
    if draws_form is None:
        draws_form = QuizDrawsForm(skills=skills, initial_counts=draws)
    rows = _item_rows(items)
    for row in rows:
        row["points_field"] = items_form[f"points-{row['item'].question_id}"]
    return render(
        request,
        "lessons/teach/quiz_edit.html",
        {
            "quiz": quiz,
            "settings_form": settings_form,
            "items_form": items_form,
            "draws_form": draws_form,
            "rows": rows,
            "draw_total": sum(draws.values()),
        },
        status=status,
    )


@teacher_required
@require_http_methods(["GET", "POST"])
def quiz_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a quiz of the teacher's own: settings here; questions and draws below."""
    quiz = _editable_quiz(request, pk)
    if request.method == "GET":
        return _quiz_edit_page(request, quiz)
    form = QuizSettingsForm(request.POST)
    if form.is_valid():
        try:
            update_quiz(quiz=quiz, **form.settings())
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Quiz settings saved.")
            return redirect("teach:quiz-edit", pk=quiz.pk)
    return _quiz_edit_page(request, quiz, settings_form=form, status=400)


@teacher_required
@require_POST
def quiz_items(request: HttpRequest, pk: int) -> HttpResponse:
    """Move, remove, or set the points of the quiz's fixed questions."""
    quiz = _editable_quiz(request, pk)
    question_ids = list(
        quiz.items.order_by("position").values_list("question_id", flat=True)
    )
    form = QuizItemsForm(request.POST, question_ids=question_ids)
    if not form.is_valid():
        return _quiz_edit_page(request, quiz, items_form=form, status=400)
    verb, question_id = form.cleaned_data["action"]
    try:
        if verb == "save":
            assembly.set_quiz_points(quiz=quiz, points=form.points())
            messages.success(request, "Points saved.")
        elif verb == "remove":
            assembly.remove_quiz_question(quiz=quiz, question_id=question_id)
            messages.success(request, "Question removed from the quiz.")
        else:
            assembly.move_quiz_question(
                quiz=quiz, question_id=question_id, by=-1 if verb == "up" else 1
            )
            messages.success(request, f"Question moved {verb}.")
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _quiz_edit_page(request, quiz, items_form=form, status=400)
    anchor = f"#item-{question_id}" if verb in ("up", "down") else "#questions"
    return redirect(reverse("teach:quiz-edit", kwargs={"pk": quiz.pk}) + anchor)


@teacher_required
@require_POST
def quiz_draws(request: HttpRequest, pk: int) -> HttpResponse:
    """Set how many random questions of each skill every attempt draws."""
    quiz = _editable_quiz(request, pk)
    form = QuizDrawsForm(request.POST, skills=Skill.objects.all(), initial_counts={})
    if form.is_valid():
        try:
            set_quiz_draws(quiz=quiz, draws=form.draws())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Random draws saved.")
            return redirect(
                reverse("teach:quiz-edit", kwargs={"pk": quiz.pk}) + "#draws"
            )
    return _quiz_edit_page(request, quiz, draws_form=form, status=400)


@teacher_required
@require_POST
def quiz_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the quiz (and its draft questions), so it can be assigned."""
    quiz = _editable_quiz(request, pk)
    try:
        assembly.publish_assembled_quiz(quiz=quiz)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"“{quiz}” is published: you can assign it to a class."
        )
    return redirect("teach:quiz-edit", pk=quiz.pk)


# --- classes ----------------------------------------------------------------------------


@teacher_required
def class_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "lessons/teach/class_list.html",
        {"classes": workspace.classes_for_teacher(request.user)},
    )


@teacher_required
@require_http_methods(["GET", "POST"])
def class_add(request: HttpRequest) -> HttpResponse:
    form = ClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            classroom = create_classroom(
                teacher=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(
                request,
                f"Class “{classroom}” created: give your students its join code.",
            )
            return redirect("teach:class-detail", pk=classroom.pk)
    return render(
        request,
        "lessons/teach/class_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _own_class(request: HttpRequest, pk: int) -> Classroom:
    return get_object_or_404(
        workspace.class_taught_by(request.user).select_related("teacher"), pk=pk
    )


def _class_page(
    request: HttpRequest,
    classroom: Classroom,
    *,
    assign_form: AssignForm | None = None,
    status: int = 200,
) -> HttpResponse:
    members = Paginator(
        Membership.objects.filter(classroom=classroom)
        .select_related("student")
        .order_by("student__username"),
        MEMBERS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    if assign_form is None:
        assign_form = AssignForm(quizzes=workspace.assignable_quizzes(request.user))
    return render(
        request,
        "lessons/teach/class_detail.html",
        {
            "classroom": classroom,
            "members": members,
            "assignments": workspace.class_assignments(classroom),
            "assign_form": assign_form,
            "now": timezone.now(),
        },
        status=status,
    )


@teacher_required
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The join code, the members, and the quizzes assigned to the class."""
    return _class_page(request, _own_class(request, pk))


@teacher_required
@require_POST
def class_new_code(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = new_join_code_for(classroom=_own_class(request, pk))
    messages.success(
        request,
        f"New join code: {classroom.join_code}. The old one no longer works; "
        "members stay in the class.",
    )
    return redirect("teach:class-detail", pk=classroom.pk)


@teacher_required
@require_POST
def class_remove_member(request: HttpRequest, pk: int, student_pk: int) -> HttpResponse:
    classroom = _own_class(request, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("student"),
        classroom=classroom,
        student_id=student_pk,
    )
    leave_classroom(student=membership.student, classroom=classroom)
    messages.success(
        request,
        f"{membership.student.get_username()} was removed from the class; "
        "their attempts are kept.",
    )
    return redirect(
        reverse("teach:class-detail", kwargs={"pk": classroom.pk}) + "#members"
    )


@teacher_required
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign a published quiz to the class, with an optional due date."""
    classroom = _own_class(request, pk)
    quizzes = workspace.assignable_quizzes(request.user)
    form = AssignForm(request.POST or None, quizzes=quizzes)
    if request.method == "POST" and form.is_valid():
        quiz = form.cleaned_data["quiz"]
        if Assignment.objects.filter(classroom=classroom, quiz=quiz).exists():
            form.add_error(
                "quiz",
                "This quiz is already assigned to the class; change its due date below.",
            )
        else:
            try:
                assign_quiz(
                    classroom=classroom,
                    quiz=quiz,
                    teacher=request.user,
                    due=form.cleaned_data["due"],
                )
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, f"“{quiz}” assigned to {classroom}.")
                return redirect(
                    reverse("teach:class-detail", kwargs={"pk": classroom.pk})
                    + "#assignments"
                )
    if request.method == "POST":
        return _class_page(request, classroom, assign_form=form, status=400)
    return render(
        request,
        "lessons/teach/class_assign.html",
        {"classroom": classroom, "form": form},
    )


def _own_assignment(request: HttpRequest, pk: int, assignment_pk: int) -> Assignment:
    classroom = _own_class(request, pk)
    assignment = get_object_or_404(
        Assignment.objects.select_related("quiz"), pk=assignment_pk, classroom=classroom
    )
    assignment.classroom = classroom
    return assignment


@teacher_required
@require_http_methods(["GET", "POST"])
def assignment_edit(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """Change an assignment's due date."""
    assignment = _own_assignment(request, pk, assignment_pk)
    form = DueForm(request.POST or None, initial={"due": assignment.due})
    if request.method == "POST" and form.is_valid():
        try:
            assign_quiz(
                classroom=assignment.classroom,
                quiz=assignment.quiz,
                teacher=request.user,
                due=form.cleaned_data["due"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, f"Due date of “{assignment.quiz}” saved.")
            return redirect(
                reverse("teach:class-detail", kwargs={"pk": pk}) + "#assignments"
            )
    return render(
        request,
        "lessons/teach/class_assignment.html",
        {"assignment": assignment, "classroom": assignment.classroom, "form": form},
        status=400 if form.errors else 200,
    )


@teacher_required
@require_POST
def unassign(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """Take a quiz off the class; students' attempts at it are kept."""
    assignment = _own_assignment(request, pk, assignment_pk)
    unassign_quiz(assignment=assignment, teacher=request.user)
    messages.success(
        request, f"“{assignment.quiz}” is no longer assigned to {assignment.classroom}."
    )
    return redirect(reverse("teach:class-detail", kwargs={"pk": pk}) + "#assignments")


# --- results ------------------------------------------------------------------------------


def _assigned(request: HttpRequest, pk: int, quiz_pk: int) -> Assignment:
    """The class's assignment of the quiz (1 query); a 404 for anyone else's class."""
    classes = workspace.class_taught_by(request.user)
    return get_object_or_404(
        Assignment.objects.select_related("quiz", "classroom"),
        classroom__in=classes,
        classroom_id=pk,
        quiz_id=quiz_pk,
    )


def _student_status(row: StudentResult) -> str:
    if row.in_progress:
        return "in progress"
    if row.awaiting_grading:
        return "awaiting grading"
    if row.attempts:
        return "submitted"
    return "not started"


def _score_status(row: StudentResult) -> str:
    """Whether the score that counts is final, for the CSV."""
    if row.counted is None:
        return "no score"
    if row.provisional:
        return "provisional: awaiting grading"
    return "final"


DISCRIMINATION_BANDS = (
    (0.5, "very good"),
    (0.3, "adequate"),
    (0.2, "weak"),
    (0.0, "very weak"),
)


def discrimination_band(value: float | None) -> str:
    """Moodle's reading of a discrimination index."""
    if value is None:
        return ""
    if value < 0:
        return "negative: check the key"
    return next(label for floor, label in DISCRIMINATION_BANDS if value >= floor)


def _question_rows(stats: list[QuestionStats]) -> list[dict[str, Any]]:
    rows = []
    for n, item in enumerate(stats, start=1):
        question = item.question
        rows.append(
            {
                "n": n,
                "label": f"Q{n}",
                "stats": item,
                "summary": stem_summary(question.current.stem)
                if question.current
                else question.key,
                "type": TYPE_NAMES.get(question.type, question.type),
                "band": discrimination_band(item.discrimination),
                "choices": [
                    {
                        "choice": c,
                        "share": (c.count / item.answered) if item.answered else 0.0,
                    }
                    for c in item.choices
                ],
            }
        )
    return rows


@teacher_required
def results(request: HttpRequest, pk: int, quiz_pk: int) -> HttpResponse:
    """A class's results on one quiz: per student, per question, answer distributions."""
    assignment = _assigned(request, pk, quiz_pk)
    quiz, classroom = assignment.quiz, assignment.classroom
    students = student_results(quiz, classroom)
    questions = _question_rows(question_stats(quiz, classroom))
    # Only final scores make the summary: one awaiting grading may still rise.
    scores = [row.final for row in students if row.final is not None]
    bins = score_bins(scores)
    student_page = Paginator(
        [{"result": row, "status": _student_status(row)} for row in students],
        STUDENTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "lessons/teach/results_detail.html",
        {
            "assignment": assignment,
            "quiz": quiz,
            "classroom": classroom,
            "students": student_page,
            "student_count": len(students),
            "scored_count": len(scores),
            "provisional_count": sum(1 for row in students if row.provisional),
            "started_count": sum(1 for row in students if row.attempts),
            "awaiting_count": sum(1 for row in students if row.awaiting_grading),
            "mean": (sum(scores, Decimal(0)) / len(scores)) if scores else None,
            "median": median(scores) if scores else None,
            "questions": questions,
            "bins": bins,
            "histogram": histogram_chart(bins),
            "facility": facility_chart(
                [
                    (
                        r["label"],
                        r["summary"],
                        r["stats"].facility,
                        "awaiting grading" if r["stats"].awaiting else "no answers",
                    )
                    for r in questions
                ]
            ),
            "choice_questions": [r for r in questions if r["choices"]],
        },
    )


# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value safe to open in a spreadsheet: text that could run as a formula
    gets a leading apostrophe; numbers we computed are left as numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float, Decimal)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _ratio(value: float | Decimal | None) -> Decimal | None:
    """A 0..1 (or -1..1) ratio to four places, kept a number (never prefixed)."""
    if value is None:
        return None
    return Decimal(str(round(float(value), 4))).quantize(Decimal("0.0001"))


@teacher_required
def results_csv(
    request: HttpRequest, pk: int, quiz_pk: int, table: str
) -> HttpResponse:
    """The results as CSV: one row per student, or one per question."""
    if table not in ("students", "questions"):
        raise Http404("No such table.")
    assignment = _assigned(request, pk, quiz_pk)
    quiz, classroom = assignment.quiz, assignment.classroom
    filename = (
        f"results-{slugify(classroom.name)[:40] or 'class'}-"
        f"{slugify(quiz.title)[:40] or 'quiz'}-{table}.csv"
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # a BOM, so spreadsheets read the text as UTF-8
    writer = csv.writer(response, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    if table == "students":
        writer.writerow(
            [
                "username",
                "name",
                "attempts",
                "status",
                f"score that counts ({quiz.get_grading_display()})",
                "score status",
                "last submitted (UTC)",
            ]
        )
        for row in student_results(quiz, classroom):
            submitted = row.last_submitted
            writer.writerow(
                csv_cell(v)
                for v in (
                    row.student.get_username(),
                    row.student.get_full_name(),
                    len(row.attempts),
                    _student_status(row),
                    _ratio(row.counted),
                    _score_status(row),
                    submitted.strftime("%Y-%m-%d %H:%M") if submitted else "",
                )
            )
        return response
    writer.writerow(
        [
            "number",
            "question id",
            "question",
            "type",
            "skill",
            "answered",
            "right",
            "partly right",
            "wrong",
            "awaiting grading",
            "facility index",
            "discrimination index",
            "wrong choices' misconceptions",
        ]
    )
    for row in _question_rows(question_stats(quiz, classroom)):
        item = row["stats"]
        writer.writerow(
            csv_cell(v)
            for v in (
                row["n"],
                item.question.pk,
                row["summary"],
                row["type"],
                item.question.skill.name,
                item.answered,
                item.right,
                item.partial,
                item.wrong,
                item.awaiting,
                _ratio(item.facility),
                _ratio(item.discrimination),
                "; ".join(f"{tag} ({n})" for tag, n in item.misconceptions),
            )
        )
    return response


# --- grading written answers ------------------------------------------------------------


def _grading_rows(
    responses: Iterable[Any], failed: GradeForm | None = None
) -> list[dict[str, Any]]:
    rows = []
    for response in responses:
        answer = response.version.answer if response.version else {}
        rubric = answer.get("rubric") or [] if isinstance(answer, dict) else []
        if (
            failed is not None
            and failed.cleaned_data.get("response", None) == response.pk
        ):
            form = failed
        else:
            initial = {"response": response.pk, "comment": response.comment}
            if response.score is not None and response.graded_by_id:
                initial["score"] = response.score
            form = GradeForm(
                initial=initial, rubric=rubric, auto_id=f"r{response.pk}-%s"
            )
        rows.append(
            {
                "response": response,
                "form": form,
                "rubric": rubric,
                "model_answer": answer.get("model_answer", "")
                if isinstance(answer, dict)
                else "",
            }
        )
    return rows


@teacher_required
@require_http_methods(["GET", "POST"])
def grading(request: HttpRequest, pk: int, quiz_pk: int) -> HttpResponse:
    """Written answers awaiting a grade, with the rubric and the model answer."""
    assignment = _assigned(request, pk, quiz_pk)
    quiz, classroom = assignment.quiz, assignment.classroom
    show_graded = request.GET.get("show") == "graded"
    failed = None
    if request.method == "POST":
        raw = request.POST.get("response", "")
        if not raw.isdigit():
            raise Http404("No such answer.")
        response = get_object_or_404(
            workspace.class_responses(classroom=classroom, quiz_ids=[quiz.pk])
            .filter(Q(needs_manual=True) | Q(graded_by__isnull=False))
            .select_related("attempt__student", "version"),
            pk=int(raw),
        )
        answer = (
            response.version.answer if isinstance(response.version.answer, dict) else {}
        )
        form = GradeForm(
            request.POST,
            rubric=answer.get("rubric") or [],
            auto_id=f"r{response.pk}-%s",
        )
        if form.is_valid():
            grade_manually(
                response=response,
                score=form.cleaned_data["score"],
                grader=request.user,
                comment=form.cleaned_data["comment"],
            )
            messages.success(
                request,
                f"Graded {form.cleaned_data['score'] * 100:.0f}% "
                f"for {response.attempt.student.get_username()}.",
            )
            target = reverse("teach:grading", kwargs={"pk": pk, "quiz_pk": quiz_pk})
            return redirect(target + ("?show=graded" if show_graded else ""))
        failed = form
        failed.cleaned_data.setdefault("response", response.pk)
        messages.error(
            request,
            "The grade for "
            f"{response.attempt.student.get_username()} was not saved: "
            + " ".join(e for errors in form.errors.values() for e in errors),
        )
        show_graded = not response.needs_manual
    responses = workspace.responses_to_grade(
        classroom=classroom, quiz=quiz, graded=show_graded
    )
    page = Paginator(responses, GRADING_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "lessons/teach/grading_list.html",
        {
            "assignment": assignment,
            "quiz": quiz,
            "classroom": classroom,
            "page": page,
            "rows": _grading_rows(page.object_list, failed),
            "show_graded": show_graded,
        },
        status=400 if failed is not None else 200,
    )
