"""The only writers. Keyword-only, typed, atomic where they write several rows.

Import the module you need (``lessons.services.attempts``...): each pulls in
only the parts of the engine it uses.
"""
