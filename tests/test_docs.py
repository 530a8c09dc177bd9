"""The README's reference section is generated from the declared fields and limits."""

from pathlib import Path

from smmgen.docs import END, START, reference

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_reference_is_current() -> None:
    text = README.read_text("utf-8")
    start = text.index(START)
    end = text.index(END) + len(END)
    assert text[start:end] == reference(), "run: python -m smmgen.docs --write"


def test_readme_opens_with_the_two_commands() -> None:
    blocks = README.read_text("utf-8").split("```sh\n")[1:3]
    commands = [b.split("\n```", 1)[0].strip() for b in blocks]
    assert commands[0].endswith("smmgen check")
    assert commands[1] == "bash scripts/test.sh"
