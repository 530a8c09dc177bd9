"""``python -m smmgen`` and the ``smmgen`` command."""

import gc


def main() -> None:
    """Run the command line."""
    # A command imports some thousands of functions and classes and makes little
    # cyclic garbage: the collector's default pass every 700 new objects went over
    # them some 60 times in a warm check (8 ms of its 180) and found next to nothing.
    # Rarer passes, for every command (and the workers a cold check forks).
    gc.set_threshold(100_000, 50, 100)
    from .cli import main as cli

    try:
        cli()
    finally:
        # The process ends here: Python's last cycle collection would walk every
        # object it holds (some 15 ms after a check) to free memory the system
        # takes back anyway. Frozen objects are left out; atexit still runs.
        gc.freeze()


if __name__ == "__main__":
    main()
