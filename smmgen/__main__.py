"""``python -m smmgen``."""

from .cli import main

main()
