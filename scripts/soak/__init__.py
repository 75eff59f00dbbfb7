"""`make soak`: the production configuration under load while its services fail.

Run with `.venv/bin/python -m scripts.soak` (`--short` for CI); docs/reliability.md
explains the phases, the pass criteria and the latest figures.
"""
