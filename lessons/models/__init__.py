from .articles import Article, AttributionHop, Figure, Source, Span, Story
from .attempts import Attempt, Response
from .quizzes import Quiz, QuizItem
from .teaching import Finding, FindingFigure, Lesson, Question, QuestionVersion, Skill

__all__ = [
    "Article",
    "Attempt",
    "AttributionHop",
    "Figure",
    "Finding",
    "FindingFigure",
    "Lesson",
    "Question",
    "QuestionVersion",
    "Quiz",
    "QuizItem",
    "Response",
    "Skill",
    "Source",
    "Span",
    "Story",
]
