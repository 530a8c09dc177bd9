"""`smmgen new`: a well-formed post file in the right folder, from flags or from answers."""

from __future__ import annotations

import re
from pathlib import Path

from smmgen.content import read_post
from smmgen.model import Post
from tests.helpers.content_repo import Repo, make_image

NOW = {"SMMGEN_AT": "2026-11-30 08:00"}  # a Monday; the slot 'mornings' is mon/wed/fri 09:30


def _path(output: str) -> str:
    """The post's path: the line `smmgen new` prints before check's report."""
    return next(line for line in output.splitlines() if re.fullmatch(r"content/\S+\.md", line))


def _read(repo: Repo, rel: str) -> Post:
    post, problems = read_post(repo.root, repo.root / rel)
    assert post is not None and problems == [], problems
    return post


def test_flags_write_a_post_that_passes_check(repo: Repo) -> None:
    result = repo.run(
        "new", "Glühwein am Gipfel", "--accounts", "bsky,masto", "--at", "2026-12-03 09:30",
        "--campaign", "Winter: #Kaffee", env=NOW,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rel = _path(result.stdout)
    assert rel == "content/2026-12/2026-12-03-gluehwein-am-gipfel.md"
    post = _read(repo, rel)
    assert post.networks == ("bsky", "masto")
    assert str(post.publish_at) == "2026-12-03 09:30:00"
    assert post.campaign == "Winter: #Kaffee"  # quoted: the ': ' and ' #' survive
    assert post.body == "Glühwein am Gipfel"
    assert "The post is fine." in result.output


def test_body_from_standard_input_and_an_image_from_outside(repo: Repo, tmp_path: Path) -> None:
    photo = make_image(tmp_path / "Foto Gipfel.PNG", (800, 600))
    body = 'Erster Absatz: "Zitat" #Kaffee\n\nZweiter Absatz.\n'
    result = repo.run(
        "new", "Gipfel", "--accounts", "bsky", "--slot", "--image", str(photo),
        "--alt", "Tipp: Die Röstmaschine", "--body-file", "-", env=NOW, stdin=body,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rel = _path(result.stdout)
    # The slot's next free time is Monday 09:30: the file is named for that day.
    assert rel == "content/2026-11/2026-11-30-gipfel.md"
    post = _read(repo, rel)
    assert post.slot == "mornings" and post.publish_at is None
    assert post.body == body.strip()
    assert [(m.path, m.alt) for m in post.media] == [
        ("content/2026-11/images/foto-gipfel.png", "Tipp: Die Röstmaschine")
    ]
    assert (repo.root / "content/2026-11/images/foto-gipfel.png").read_bytes() == photo.read_bytes()


def test_a_taken_name_gets_a_number(repo: Repo) -> None:
    args = ("new", "Hallo", "--accounts", "bsky", "--at", "2026-12-03 09:30")
    first = _path(repo.run(*args, env=NOW).stdout)
    second = _path(repo.run(*args, env=NOW).stdout)
    assert first.endswith("2026-12-03-hallo.md") and second.endswith("2026-12-03-hallo-2.md")


def test_check_errors_are_shown_and_the_file_kept(repo: Repo) -> None:
    result = repo.run("new", "x" * 400, "--accounts", "bsky", "--at", "2026-12-03 09:30", env=NOW)
    assert result.exit_code == 1
    rel = _path(result.stdout)
    assert (repo.root / rel).is_file()
    assert "bluesky/length" in result.stdout


def test_usage_problems_write_nothing(repo: Repo) -> None:
    for args, said in (
        (("Hi", "--accounts", "bksy", "--at", "2026-12-03 09:30"), "did you mean 'bsky'"),
        (("Hi", "--accounts", "bsky", "--at", "31.12.2026"), "not a date and time"),
        (("Hi", "--accounts", "bsky"), "--at"),
        (("Hi", "--accounts", "li", "--slot"), "no slot"),
        (("Hi", "--accounts", "bsky", "--slot", "--at", "2026-12-03 09:30"), "not both"),
    ):
        result = repo.run("new", *args, env=NOW)
        assert result.exit_code == 2 and said in result.output, (args, result.output)
    assert list((repo.root / "content").rglob("*.md")) == []


def test_without_arguments_it_asks(repo: Repo, tmp_path: Path) -> None:
    photo = make_image(tmp_path / "bild.jpg", (800, 600), "JPEG")
    # A post already takes Monday's slot time: Wednesday is suggested.
    repo.post("2026-11/schon-da", "---\nslot: mornings\nnetworks: [bsky]\n---\n\nFirst\n")
    answers = "\n".join(
        ["Schnee am Gipfel: endlich! #Winter", "9, masto", "1,2", "", "Winter 2026", str(photo),
         "Schnee auf dem Gipfel", ""]
    )  # fmt: skip
    result = repo.run("new", env=NOW, stdin=answers)
    assert result.exit_code == 0, result.output
    assert "1) bsky (bluesky)" in result.stdout and "4) insta (instagram)" in result.stdout
    assert "'9' is neither a number from the list nor an account" in result.stdout
    assert "the next free slot, Wed 2026-12-02 09:30 ('mornings')" in result.stdout
    rel = _path(result.stdout)
    assert rel == "content/2026-12/2026-12-02-schnee-am-gipfel-endlich-winter.md"
    post = _read(repo, rel)
    assert post.body == "Schnee am Gipfel: endlich! #Winter"
    assert post.networks == ("bsky", "masto") and post.slot == "mornings"
    assert post.campaign == "Winter 2026"
    assert [m.alt for m in post.media] == ["Schnee auf dem Gipfel"]


def test_asked_time_is_checked_until_it_is_one(repo: Repo) -> None:
    answers = "Hallo\nli\n31.12.2026 15:00\n2026-12-31 15:00\n\n\n"
    result = repo.run("new", env=NOW, stdin=answers)
    assert result.exit_code == 0, result.output
    assert "not a date and time" in result.stdout
    rel = _path(result.stdout)
    assert str(_read(repo, rel).publish_at) == "2026-12-31 15:00:00"
