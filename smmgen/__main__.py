"""``python -m smmgen`` and the ``smmgen`` command."""

import sys


def main() -> None:
    """Run the command line; a warm `check` starts its helper before click loads."""
    if sys.argv[1:2] == ["check"]:
        from .check_helper import start_early

        start_early(sys.argv[2:])
    from .cli import main as cli

    cli()


if __name__ == "__main__":
    main()
