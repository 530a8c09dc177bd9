"""Whatever a post file holds, checking it reports problems with a file and line — it never crashes.

Property-based: hypothesis writes front matter from the real keys with values
of every YAML type (and broken YAML and raw bytes), and bodies with emoji,
control characters and Markdown. The real parser, validator and renderer run
on each file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from smmgen.content import FRONT_MATTER, read_post
from smmgen.render import Renderer
from smmgen.schedule import read_schedule
from smmgen.validate import validate_post
from tests.helpers.content_repo import SCHEDULE, examples

# Lines as an editor numbers them: \r\n, a lone \r and \n end a line (smmgen.problems).
LINE_BREAK = re.compile(rb"\r\n|\r|\n")

KEYS = [*FRONT_MATTER, "pubish_at", "variants", "media", "alt", "path", "bsky", "li"]
ACCOUNTS = ["bsky", "masto", "li", "insta", "nope"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.sampled_from(
        [
            "now",
            "2026-12-01 09:30",
            "2026-13-45 10:00",
            "09:30",
            "mornings",
            "draft",
            "https://example.com/a?b=c#d",
            "#Anzeige",
            "@{anna}",
            "<!-- split -->",
            "!!python/object:os.system",
            "&a",
            "*a",
            "~",
            "yes",
            "no",
            "0x1F",
            "1e999",
        ]
    ),
    st.text(max_size=40),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from([*KEYS, *ACCOUNTS]), inner, max_size=4),
    ),
    max_leaves=12,
)


def _yaml_value(value: object, indent: int) -> str:
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return " {}"
        return "".join(f"\n{pad}{k}:{_yaml_value(v, indent + 1)}" for k, v in value.items())
    if isinstance(value, list):
        if not value:
            return " []"
        return "".join(f"\n{pad}- {_yaml_value(v, indent + 1).lstrip()}" for v in value)
    if value is None:
        return " null"
    if isinstance(value, str):
        # Sometimes quoted, sometimes raw: raw text is where YAML surprises people.
        return f" {value!r}" if len(value) % 2 else f" {value}"
    return f" {value}"


# Mostly-valid posts reach rendering and the network rules; random keys on top.
valid = st.fixed_dictionaries(
    {
        "publish_at": st.sampled_from(["2026-12-01 09:30", "2026-12-02T10:00:00+01:00"]),
        "networks": st.lists(st.sampled_from(ACCOUNTS[:4]), min_size=1, max_size=4, unique=True),
    },
    optional={
        "thread": st.booleans(),
        "sponsored": st.booleans(),
        "link": st.sampled_from(["https://example.com/p?utm_source=x", "https://e.com"]),
        "content_warning": st.text(max_size=20),
        "variants": st.dictionaries(
            st.sampled_from(ACCOUNTS), st.fixed_dictionaries({"body": st.text(max_size=80)})
        ),
    },
)
front_matter = st.tuples(
    st.one_of(valid, st.just({})), st.dictionaries(st.sampled_from(KEYS), values, max_size=3)
).map(
    lambda parts: "".join(f"{k}:{_yaml_value(v, 1)}\n" for k, v in {**parts[1], **parts[0]}.items())
)
bodies = st.lists(
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            [
                "\n",
                "\n\n",
                "**",
                "[x](https://e.com)",
                "👨‍👩‍👧",
                "#tag",
                "@{anna}",
                "\r\n",
                "<!-- split -->",
                "- item",
                "> quote",
                "```",
                "\u2028",
                "\x00",
                "e.com/x.",
            ]
        ),
    ),
    max_size=40,
).map("".join)
files = st.one_of(
    st.tuples(front_matter, bodies).map(lambda fb: f"---\n{fb[0]}---\n{fb[1]}".encode()),
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda t: ("---\n" + t).encode("utf-8", "surrogatepass")),
)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "schedule.yaml").write_text(SCHEDULE, "utf-8")
    (root / "content").mkdir()
    return root


@settings(max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=files)
# Found by this test: lone \r line endings (a mention on line 8 of 8 lines, counted by \n as 6).
@example(data=b"---\npublish_at: 2026-12-01 09:30\nnetworks:\n  - bsky\n---\n\r\r@{}")
# U+2028 and U+0085 (line breaks for YAML only) before a variant's unknown mention.
@example(
    data="---\n# a\u2028# b\x85# c\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\n"
    "variants:\n  bsky:\n    body: '@{x}'\n---\n".encode()
)
def test_any_post_file_gives_problems_not_exceptions(repo: Path, data: bytes) -> None:
    schedule, schedule_problems = read_schedule(repo, repo / "schedule.yaml")
    assert schedule is not None and not schedule_problems
    file = repo / "content" / "fuzz.md"
    file.write_bytes(data)
    post, problems = read_post(repo, file, data)
    if post is not None:
        problems += validate_post(repo, post, schedule, Renderer(repo, schedule))
    lines = len(LINE_BREAK.split(data))
    for p in problems:
        assert p.path == "content/fuzz.md" or p.path.startswith("templates/")
        assert 1 <= p.line <= lines + 1, p
        assert p.column >= 1 and p.severity in ("error", "warning") and p.message


SCHEDULE_KEYS = [
    "timezone",
    "paused",
    "disclosure",
    "accounts",
    "slots",
    "blackout",
    "max_delay",
    "thread_numbering",
    "utm",
    "people",
    "network",
    "days",
    "times",
    "from",
    "to",
    "reason",
    "handle",
    "password_env",
    "bsky",
]
schedule_values = st.recursive(
    st.one_of(scalars, st.sampled_from(["Europe/Berlin", "bluesky", "manual", "mon", "6h"])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(SCHEDULE_KEYS), inner, max_size=4),
    ),
    max_leaves=15,
)
schedules = st.one_of(
    st.tuples(
        st.just(SCHEDULE),
        st.dictionaries(st.sampled_from(SCHEDULE_KEYS), schedule_values, max_size=3),
    ).map(lambda p: p[0] + "".join(f"{k}:{_yaml_value(v, 1)}\n" for k, v in p[1].items())),
    st.dictionaries(st.sampled_from(SCHEDULE_KEYS), schedule_values, max_size=6).map(
        lambda d: "".join(f"{k}:{_yaml_value(v, 1)}\n" for k, v in d.items())
    ),
)


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=schedules)
def test_any_schedule_gives_problems_not_exceptions(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    root = tmp_path_factory.mktemp("sched", numbered=True)
    data = text.encode("utf-8", "surrogatepass")
    (root / "schedule.yaml").write_bytes(data)
    _, problems = read_schedule(root, root / "schedule.yaml")
    lines = len(LINE_BREAK.split(data))
    for p in problems:
        assert p.path == "schedule.yaml"
        assert 1 <= p.line <= lines + 1, p
        assert p.column >= 1 and p.message
