"""Use cases: one transaction each, opened and committed here (the rule and its building
blocks: ``transactions.py``); the only code that queries or calls hooks with database data."""
