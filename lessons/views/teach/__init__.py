"""The teacher's workspace: authoring (articles to lessons and questions) and
classes (quizzes, classes, assignments, results)."""
