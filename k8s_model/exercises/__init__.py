"""Checkers for the chapters' exercises: one module per chapter (chapter01, chapter02 …).

Each `check_<something>(c)` inspects a learner's cluster through the public contract
(`c.get`, `c.list`) and prints what is right (✓) and what is missing (✗).
"""
