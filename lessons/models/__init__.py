from .articles import Article, AttributionHop, Figure, Source, Span, Story
from .attempts import Attempt, Response
from .classes import Assignment, Classroom, Membership
from .quizzes import Quiz, QuizDraw, QuizItem
from .teaching import Finding, FindingFigure, Lesson, Question, QuestionVersion, Skill

__all__ = [
    "Assignment",
    "Classroom",
    "Membership",
    "QuizDraw",
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
