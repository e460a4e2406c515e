"""Tally's engine: pure Python, no Django.

Numbers and bounds, figure extraction, consistency checks, lesson and question
generation, and grading all live here so that they can be tested without a
database and reused by the services, the web UI and the API alike.
"""
