from .accounts import signup
from .attempts import attempt_detail, attempt_question, attempt_result, attempt_review
from .pages import article_detail, home, lesson_detail, lesson_list
from .progress import progress
from .quizzes import quiz_detail, quiz_start

__all__ = [
    "article_detail",
    "attempt_detail",
    "attempt_question",
    "attempt_result",
    "attempt_review",
    "home",
    "lesson_detail",
    "lesson_list",
    "progress",
    "quiz_detail",
    "quiz_start",
    "signup",
]
