"""`load_project`: the one loader. Each post file and schedule.yaml is read once per command.

The read counts come from real ``smmgen`` processes with an audit hook that
counts every file opened for reading; publishing goes to a local webhook that
answers like Discord's Execute Webhook.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from smmgen.model import Post
from smmgen.problems import Problem
from smmgen.project import PARALLEL_MIN, Checker, load_project
from smmgen.render import Renderer

SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  chat:
    network: discord
    webhook_env: SMMGEN_TEST_DISCORD
  bsky:
    network: bluesky
    handle: bergwerk.bsky.social
    password_env: SMMGEN_TEST_BSKY
"""
# Once by load_project, and once before the command to choose the language of the
# output (smmgen.cli → i18n.for_root reads ui_language): two reads, not one.
SCHEDULE_READS = 2
POST = "---\npublish_at: 2026-12-02 09:00\nnetworks: [{}]\n---\n\nHallo {}.\n"

# Runs smmgen with every file opened for reading counted by its real path; the
# counts go to $READS when the process ends (also through sys.exit).
COUNTING = """\
import atexit, collections, json, os, sys
reads = collections.Counter()
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)):
        flags = args[2] if isinstance(args[2], int) else 0
        mode = args[1] if isinstance(args[1], str) else ""
        if not flags & (os.O_WRONLY | os.O_RDWR) and not set(mode) & set("wax+"):
            reads[os.path.realpath(os.fsdecode(args[0]))] += 1
sys.addaudithook(hook)
atexit.register(lambda: open(os.environ["READS"], "w").write(json.dumps(reads)))
from smmgen.__main__ import main
sys.argv = ["smmgen", *sys.argv[1:]]
main()
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "content").mkdir(parents=True)
    (root / "schedule.yaml").write_text(SCHEDULE, "utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def reads(root: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, int]:
    """How often each file of ``root`` was opened for reading by ``smmgen ARGS``."""
    out = root.parent / "reads.json"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    done = subprocess.run(
        [sys.executable, "-c", COUNTING, *args],
        cwd=root,
        env=base | (env or {}) | {"READS": str(out), "SMMGEN_AT": "2026-12-02 08:00"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stdout + done.stderr
    counted: dict[str, int] = json.loads(out.read_text("utf-8"))
    real = os.path.realpath(root) + os.sep
    return {path[len(real) :]: n for path, n in counted.items() if path.startswith(real)}


def _posts(root: Path, n: int) -> list[str]:
    for i in range(n):
        (root / f"content/p{i}.md").write_text(POST.format("chat", i), "utf-8")
    return [f"content/p{i}.md" for i in range(n)]


def test_publish_reads_each_post_and_the_schedule_once(root: Path, httpserver: HTTPServer) -> None:
    path = "/api/webhooks/1/token-abcdefghijklmnopqrstuvwxyz"
    httpserver.expect_request(path, method="POST").respond_with_json(
        {"id": "1001", "channel_id": "77"}
    )
    httpserver.expect_request(path, method="GET").respond_with_json(  # Get Webhook with Token
        {"id": "1", "type": 1, "guild_id": "55", "channel_id": "77"}
    )
    files = _posts(root, 3)
    env = {"SMMGEN_TEST_DISCORD": httpserver.url_for(path)}
    for cache in ("cold", "warm"):  # the second run answers the check from the cache
        counted = reads(root, "publish", "--at", "2026-12-02 12:00", "--dry-run", env=env)
        assert {f: counted.get(f) for f in files} == dict.fromkeys(files, 1), cache
        assert counted["schedule.yaml"] == SCHEDULE_READS, cache
    counted = reads(root, "publish", "--at", "2026-12-02 12:00", env=env)
    assert {f: counted.get(f) for f in files} == dict.fromkeys(files, 1)
    assert [r.method for r, _ in httpserver.log].count("POST") == 3  # and they went out


def test_check_and_build_read_each_post_once(root: Path, tmp_path: Path) -> None:
    files = _posts(root, 3)
    for args in (("check",), ("check",), ("build", "--out", str(tmp_path / "site"))):
        counted = reads(root, *args)
        assert counted["schedule.yaml"] == SCHEDULE_READS, args
        assert all(counted.get(f, 0) <= 1 for f in files), (args, counted)
    assert {f: counted.get(f) for f in files} == dict.fromkeys(files, 1)  # the build


def test_a_build_after_a_build_reads_no_unchanged_post(root: Path, tmp_path: Path) -> None:
    files = _posts(root, 3)
    for f in files:  # not just written: the check trusts their size and time (as git does)
        os.utime(root / f, (1_700_000_000, 1_700_000_000))
    site = ("build", "--out", str(tmp_path / "site"))
    reads(root, *site)
    (root / files[0]).write_text(POST.format("chat, bsky", "neu"), "utf-8")
    counted = reads(root, *site)
    # The edited post is read (once); the others come from the caches, unread.
    assert {f: counted.get(f) for f in files} == {files[0]: 1, files[1]: None, files[2]: None}


def made_here(post: Post, renderer: Renderer) -> tuple[str, int, bool]:
    rendered = renderer.render(post, "chat")
    return post.id, os.getpid(), rendered is not None


def test_the_check_workers_hand_on_what_they_made_of_each_post(root: Path) -> None:
    files = _posts(root, PARALLEL_MIN)  # enough for the worker processes
    project = load_project(root, cache=False, make=made_here)
    assert sorted(project.made) == sorted(files)
    assert {project.made[f][0] for f in files} == {f"p{i}" for i in range(PARALLEL_MIN)}
    assert all(made[2] for made in project.made.values())
    if (os.cpu_count() or 1) > 1:  # made where the post was checked: all but one not here
        here = [f for f in files if project.made[f][1] == os.getpid()]
        assert len(here) == 1  # the first, checked before the workers start (with its modules)


def test_the_project_keeps_what_the_check_parsed_and_rendered(root: Path) -> None:
    (root / "content/a.md").write_text(POST.format("bsky, chat", "**Welt**"), "utf-8")
    (root / "content/broken.md").write_text("---\npublish_at: [\n---\nx\n", "utf-8")
    project = load_project(root, cache=False)
    post = project.post("content/a.md")
    assert post is not None and project.post("content/broken.md") is None
    assert project.posts == [post] and project.post("content/a.md") is post
    assert project.files == ["content/a.md", "content/broken.md"] and project.from_cache == 0
    assert {p.rule for p in project.problems} == {"yaml/syntax"}
    renderer, schedule = project.renderer, project.schedule
    assert renderer is not None and schedule is not None
    rendered = renderer.render(post, "bsky")
    assert rendered is not None and rendered.parts == ("Hallo Welt.",)
    assert renderer.render(post, "bsky") is rendered  # once per command
    assert Renderer(root, schedule, facets=False).render(post, "bsky") == rendered
    # A changed copy (a renamed post's old id) is rendered for itself.
    old = renderer.render(dataclasses.replace(post, id="old"), "bsky")
    assert old is not None and old.post_id == "old" and rendered.post_id == "a"


def test_bluesky_rich_text_is_made_once_sending_asks_for_it(root: Path) -> None:
    text = POST.format("bsky", "Welt: https://example.com/a/very/long/path/to/the/story")
    (root / "content/a.md").write_text(text, "utf-8")
    project = load_project(root, cache=False)
    post, renderer, schedule = project.posts[0], project.renderer, project.schedule
    assert renderer is not None and schedule is not None
    checked = renderer.render(post, "bsky")  # as the check made it: no rich text needed
    assert checked is not None and checked.facets == ()
    renderer.facets = True  # what publish.load does
    sent = renderer.render(post, "bsky")
    assert sent == Renderer(root, schedule).render(post, "bsky")
    assert sent is not None and [f.kind for f in sent.facets[0]] == ["link"]
    assert sent.parts == checked.parts and renderer.render(post, "bsky") is sent


def test_a_second_load_answers_from_the_cache(root: Path) -> None:
    _posts(root, 2)
    assert load_project(root).from_cache == 0
    again = load_project(root)
    assert again.from_cache == 2 and [p.id for p in again.posts] == ["p0", "p1"]


def test_a_library_upgraded_is_a_new_environment(root: Path, tmp_path: Path) -> None:
    # A newer pyromark (or regex, Jinja, …) may give another text or count: results
    # cached with the old one are not answers. A copy of the package stands in for
    # the upgrade, found first on the path of a real smmgen process.
    import pyromark

    _posts(root, 2)
    assert load_project(root).from_cache == 0
    assert load_project(root).from_cache == 2
    shadow = tmp_path / "upgraded"
    shutil.copytree(Path(pyromark.__file__).parent, shadow / "pyromark")
    env = {**os.environ, "PYTHONPATH": str(shadow)}
    run = [sys.executable, "-m", "smmgen", "check", "--root", str(root)]
    assert subprocess.run(run, env=env, capture_output=True, check=False).returncode == 0
    assert load_project(root).from_cache == 0  # written for the other pyromark
    assert load_project(root).from_cache == 2


def test_the_checker_for_the_workers_survives_pickling(root: Path) -> None:
    # Worker processes get it through the pool's initializer: fork today, spawn elsewhere.
    (root / "content/a.md").write_text(POST.format("bsky", "**Welt**"), "utf-8")
    project = load_project(root, cache=False)
    checker = Checker(root, project.schedule, project.renderer)
    copy = pickle.loads(pickle.dumps(checker))
    path = str(root / "content/a.md")
    assert copy.check(path, "content/a.md", None)[0] == checker.check(path, "content/a.md", None)[0]


def test_problems_round_trip_through_rows() -> None:
    problem = Problem("content/a.md", 3, 7, "warning", "x/y", "Grüße\n", "bsky", "bluesky")
    row = json.loads(json.dumps(problem.to_row()))
    assert Problem.from_row(row) == problem
    assert Problem.from_row([*row[:3], "fatal", *row[4:]]) is None
    assert Problem.from_row([*row[:1], True, *row[2:]]) is None  # a bool is no line number
    assert Problem.from_row(row[:7]) is None and Problem.from_row(tuple(row)) is None
