"""``python -m smmgen`` and the ``smmgen`` command."""


def main() -> None:
    """Run the command line."""
    from .cli import main as cli

    cli()


if __name__ == "__main__":
    main()
