"""`smmgen fix`: repairs on real files, `--check`, and files it must leave alone."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from smmgen.media import ImageInfo, inspect
from tests.helpers.content_repo import SCHEDULE, Repo, make_image

HEAD = "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\n"


def _errors(repo: Repo) -> list[dict[str, object]]:
    return [p for p in repo.check() if p["severity"] == "error"]


REPAIRS = {
    "colon in alt": (
        HEAD + "media:\n  - path: a.png\n    alt: Tipp: Die Röstmaschine\n---\n\nHi\n",
        HEAD + 'media:\n  - path: a.png\n    alt: "Tipp: Die Röstmaschine"\n---\n\nHi\n',
    ),
    "hashtag in campaign": (
        HEAD + "campaign: Winter #Kaffee\n---\n\nHi\n",
        HEAD + 'campaign: "Winter #Kaffee"\n---\n\nHi\n',
    ),
    "quote inside a quoted value": (
        HEAD + 'content_warning: Spoiler: "Ende" naht\n---\n\nHi\n',
        HEAD + 'content_warning: "Spoiler: \\"Ende\\" naht"\n---\n\nHi\n',
    ),
    "German date and time": (
        "---\npublish_at: 31.12.2026 15:00\nnetworks: [bsky]\n---\n\nHi\n",
        "---\npublish_at: 2026-12-31 15:00\nnetworks: [bsky]\n---\n\nHi\n",
    ),
    "German date, short year": (
        "---\npublish_at: 31.12.26 15:00\nnetworks: [bsky]\n---\n\nHi\n",
        "---\npublish_at: 2026-12-31 15:00\nnetworks: [bsky]\n---\n\nHi\n",
    ),
    "ISO with T": (
        "---\npublish_at: 2026-12-31T15:00  # Silvester\nnetworks: [bsky]\n---\n\nHi\n",
        "---\npublish_at: 2026-12-31 15:00  # Silvester\nnetworks: [bsky]\n---\n\nHi\n",
    ),
    "tab indentation": (
        HEAD + "variants:\n\tbsky:\n\t\tbody: Hallo\n---\n\nHi\n",
        HEAD + "variants:\n  bsky:\n    body: Hallo\n---\n\nHi\n",
    ),
    "typographic quotes around a key": (
        "---\n„publish_at“: 2026-12-01 09:30\n“networks”: [bsky]\n---\n\nHi\n",
        HEAD + "---\n\nHi\n",
    ),
    "a word YAML reads as false": (
        HEAD + "campaign: no\n---\n\nHi\n",
        HEAD + 'campaign: "no"\n---\n\nHi\n',
    ),
}


@pytest.mark.parametrize(("before", "after"), REPAIRS.values(), ids=REPAIRS.keys())
def test_each_repair_on_a_real_file(repo: Repo, before: str, after: str) -> None:
    repo.image("content/a.png")
    path = repo.post("p", before)
    listed = repo.run("fix", "--check")
    assert listed.exit_code == 1
    assert listed.stdout.startswith(f"{path}:")
    assert (repo.root / path).read_text("utf-8") == before  # --check writes nothing
    result = repo.run("fix")
    assert result.exit_code == 0, result.output
    assert f"--- a/{path}" in result.stdout and f"+++ b/{path}" in result.stdout
    assert (repo.root / path).read_text("utf-8") == after
    assert _errors(repo) == []
    again = repo.run("fix", "--check")
    assert again.exit_code == 0 and again.stdout == ""


def test_bom_and_windows_line_endings(repo: Repo) -> None:
    path = repo.post("p", ("\ufeff" + HEAD + "---\n\nHallo\nWelt\n").replace("\n", "\r\n").encode())
    result = repo.run("fix")
    assert result.exit_code == 0
    assert "<BOM>" in result.stdout and "<CR>" in result.stdout
    assert (repo.root / path).read_bytes() == (HEAD + "---\n\nHallo\nWelt\n").encode()


def test_the_text_below_the_front_matter_is_never_touched(repo: Repo) -> None:
    body = "Tipp: Die Röstmaschine #Kaffee\n\tmit Tab\n"
    path = repo.post("p", HEAD + "---\n\n" + body)
    assert repo.run("fix", "--check").exit_code == 0
    assert (repo.root / path).read_text("utf-8").endswith(body)


def test_comments_after_other_values_stay(repo: Repo) -> None:
    text = HEAD.replace("09:30", "09:30   # in Berlin time") + "thread: false # short\n---\n\nHi\n"
    repo.post("p", text)
    assert repo.run("fix", "--check").exit_code == 0


def test_block_text_is_left_as_written(repo: Repo) -> None:
    text = HEAD + "variants:\n  bsky:\n    body: |\n      Tipp: so geht's #Kaffee\n---\n\nHi\n"
    repo.post("p", text)
    assert repo.run("fix", "--check").exit_code == 0


@pytest.mark.parametrize(
    "front",
    [
        # An unclosed list: nothing fix knows.
        "publish_at: 2026-12-01 09:30\nnetworks: [bsky\n",
        # A tab fix can repair, next to an unclosed quote it cannot: all or nothing.
        'publish_at: 2026-12-01 09:30\nnetworks:\n\t- bsky\ncampaign: "Winter\n',
        # A plain value over two lines: quoting one line would change it.
        "publish_at: 2026-12-01 09:30\nnetworks: [bsky]\ncampaign: Tipp: eins\n  zwei\n",
    ],
    ids=["unclosed-list", "tab-and-unclosed-quote", "multi-line-value"],
)
def test_a_file_fix_cannot_repair_stays_byte_identical(repo: Repo, front: str) -> None:
    data = ("---\n" + front + "---\n\nHi\r\n").encode()
    path = repo.post("p", data)
    result = repo.run("fix")
    assert result.exit_code == 1
    assert f"{path}: cannot repair: line" in result.stderr
    assert (repo.root / path).read_bytes() == data


def test_schedule_yaml(repo: Repo) -> None:
    text = (
        SCHEDULE.replace("    handle: example.bsky.social", "    handle: @example.bsky.social")
        .replace("from: 2026-12-24", "from: 24.12.2026")
        .replace("reason: Christmas holidays", "reason: Weihnachten #frei")
    )
    repo.write("schedule.yaml", text)
    assert "a value starts with '@'" in repo.run("check").stdout
    result = repo.run("fix", "schedule.yaml")
    assert result.exit_code == 0, result.output
    fixed = (repo.root / "schedule.yaml").read_text("utf-8")
    assert 'handle: "@example.bsky.social"' in fixed
    assert "from: 2026-12-24" in fixed
    assert 'reason: "Weihnachten #frei"' in fixed
    assert _errors(repo) == []


def test_yaml_errors_name_the_cause_and_suggest_fix(repo: Repo) -> None:
    repo.post("a", HEAD + "media:\n  - path: a.png\n    alt: Tipp: Die Röstmaschine\n---\n\nHi\n")
    repo.post("b", HEAD + "variants:\n\tbsky:\n\t\tbody: Hallo\n---\n\nHi\n")
    messages = {p["path"]: str(p["message"]) for p in repo.check()}
    assert "the value contains ': '" in messages["content/a.md"]
    assert "put the whole value in quotes" in messages["content/a.md"]
    assert "tab character" in messages["content/b.md"]
    assert all("smmgen fix" in m for m in messages.values())
    assert not any("mapping values" in m or "token" in m for m in messages.values())


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_images_over_an_accounts_limits_get_a_converted_sibling(repo: Repo) -> None:
    # 1.2 MB of noise as PNG: over Bluesky's 1,000,000 bytes, and Instagram takes only JPEG.
    original = make_image(repo.root / "content/bilder/foto.png", (1200, 900), noisy=True)
    before = _sha(original)
    text = (
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky, insta]\nmedia:\n"
        "  - path: bilder/foto.png   # vom Shooting\n    alt: Ein Foto\n---\n\nHi\n"
    )
    path = repo.post("p", text)
    rules = {p["rule"] for p in _errors(repo)}
    assert {"bluesky/media-size", "instagram/media-format"} <= rules
    listed = repo.run("fix", "--check")
    assert listed.exit_code == 1 and "bilder/foto-smmgen.jpg" in listed.stdout
    assert not (repo.root / "content/bilder/foto-smmgen.jpg").exists()
    result = repo.run("fix")
    assert result.exit_code == 0, result.output
    assert "+++ new file content/bilder/foto-smmgen.jpg" in result.stdout
    assert _sha(original) == before
    info = inspect(repo.root, "content/bilder/foto-smmgen.jpg")
    assert isinstance(info, ImageInfo)
    assert info.format == "JPEG" and info.size <= 1_000_000
    assert (repo.root / path).read_text("utf-8") == text.replace("foto.png", "foto-smmgen.jpg")
    assert _errors(repo) == []
    assert repo.run("fix", "--check").exit_code == 0


def test_an_existing_sibling_is_never_overwritten(repo: Repo) -> None:
    make_image(repo.root / "content/foto.png", (1200, 900), noisy=True)
    taken = make_image(repo.root / "content/foto-smmgen.jpg", (10, 10), "JPEG")
    kept = _sha(taken)
    path = repo.post("p", HEAD + "media:\n  - path: foto.png\n    alt: Ein Foto\n---\n\nHi\n")
    assert repo.run("fix").exit_code == 0
    assert _sha(taken) == kept
    assert "path: foto-smmgen-2.jpg" in (repo.root / path).read_text("utf-8")


def test_an_image_fix_cannot_make_is_reported(repo: Repo) -> None:
    # Instagram needs a ratio between 4:5 and 1.91:1: cropping is for a person.
    make_image(repo.root / "content/lang.jpg", (300, 1200), "JPEG")
    path = repo.post(
        "p", "---\npublish_at: 2026-12-01 09:30\nnetworks: [insta]\nmedia: [lang.jpg]\n---\n\nHi\n"
    )
    data = (repo.root / path).read_bytes()
    assert repo.run("fix", "--check").exit_code == 0
    assert (repo.root / path).read_bytes() == data


# Every case check reports as yaml/comment-in-text or yaml/text-changed, fix repairs,
# and check is then content: the two agree on which values YAML would change.
AGREES = {
    "campaign #": (HEAD + "campaign: Winter #Kaffee\n---\n\nHi\n", "yaml/comment-in-text"),
    "content_warning #": (
        HEAD + "content_warning: Spoiler #TV\n---\n\nHi\n",
        "yaml/comment-in-text",
    ),
    "alt #": (
        HEAD + "media:\n  - path: a.png\n    alt: Becher #Kaffee\n---\n\nHi\n",
        "yaml/comment-in-text",
    ),
    "variant body #": (
        HEAD + "variants:\n  bsky:\n    body: Neu #Kaffee\n---\n\nHi\n",
        "yaml/comment-in-text",
    ),
    "campaign no": (HEAD + "campaign: no\n---\n\nHi\n", "yaml/text-changed"),
    "alt 1.10": (
        HEAD + "media:\n  - path: a.png\n    alt: 1.10\n---\n\nHi\n",
        "yaml/text-changed",
    ),
}


@pytest.mark.parametrize(("text", "rule"), AGREES.values(), ids=AGREES.keys())
def test_fix_repairs_what_check_reports_about_text(repo: Repo, text: str, rule: str) -> None:
    repo.image("content/a.png")
    repo.post("p", text)
    assert rule in {p["rule"] for p in _errors(repo)}
    assert repo.run("fix").exit_code == 0
    assert _errors(repo) == []


def test_fix_repairs_what_check_reports_in_the_schedule(repo: Repo) -> None:
    repo.write(
        "schedule.yaml",
        SCHEDULE.replace('disclosure: "#Anzeige"', "disclosure: Werbung #Anzeige").replace(
            "reason: Christmas holidays", "reason: no"
        ),
    )
    rules = {p["rule"] for p in _errors(repo)}
    assert {"yaml/comment-in-text", "yaml/text-changed"} <= rules
    assert repo.run("fix").exit_code == 0
    assert _errors(repo) == []
    assert 'disclosure: "Werbung #Anzeige"' in (repo.root / "schedule.yaml").read_text("utf-8")
