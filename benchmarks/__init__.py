"""Benchmarks of the heavy read path, "today's session", at production scale.

Run with ``make bench`` (``python -m benchmarks``); see docs/performance.md. The benchmark builds
its own throw-away database and never touches the developer's one.
"""
