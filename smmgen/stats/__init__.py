"""Measuring what was published: snapshots read back from the networks, kept as CSV in git.

- :mod:`.metrics`: the one vocabulary (likes, reposts, …) and checked counts.
- :mod:`.store`: ``stats/YYYY-MM.csv``, fixed columns, atomic writes, validated rows.
- :mod:`.due`: the decaying schedule (``stats:`` in schedule.yaml) and what is due.
- :mod:`.collect`: ``smmgen stats collect``: batches, retries, writing, committing.
- :mod:`.readers`: one reader per network, built on the adapters' HTTP helpers.
- :mod:`.report`: ``smmgen stats``: summaries in text, JSON, Markdown and CSV.
"""
