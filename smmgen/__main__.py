"""``python -m smmgen`` and the ``smmgen`` command."""

import gc


def main() -> None:
    """Run the command line."""
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
