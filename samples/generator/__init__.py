"""The sample generator: invented denial letters (PDF) with ground truth (JSON), and supporting records.

Everything here is invented: people, plans, numbers (555 telephone numbers, fake addresses). Fixed seeds
and reportlab's ``invariant=1`` make every run byte-identical.
"""
