"""Builders shared by the test modules (import them as ``tests.helpers.NAME``; pytest puts the project
root on sys.path through ``pythonpath`` in pyproject.toml)."""
