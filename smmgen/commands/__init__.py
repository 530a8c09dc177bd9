"""One module per command; `smmgen/cli.py` loads them on demand."""
