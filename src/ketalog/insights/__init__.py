"""`ketalog insights`: honest patterns in the patient's own sessions.

factors.py takes factors and outcomes from plain records, stats.py holds the
statistics (numpy), findings.py runs the tests and words the results, render.py
draws them. numpy is imported only by `insights` and `summary`.
"""
