"""The only writers. Keyword-only, typed, atomic where they write several rows."""

from .analysis import analyse, sync_skills
from .articles import import_annotated_article, import_article, import_seeds, store_figure
from .generation import BuildReport, add_question_version, build_all_lessons, build_lessons

__all__ = [
    "BuildReport",
    "add_question_version",
    "analyse",
    "build_all_lessons",
    "build_lessons",
    "import_annotated_article",
    "import_article",
    "import_seeds",
    "store_figure",
    "sync_skills",
]
