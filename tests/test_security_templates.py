"""Text templates: every documented feature works, and a template is data, not code.

The hostile cases are the security review's reproductions (F1), run as real
``smmgen`` processes with a secret in their environment.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.content_repo import Repo, one

ROOT = Path(__file__).resolve().parents[1]
SECRET = "sekrit-token-123"

POST = """\
---
publish_at: 2026-12-01 09:30
networks: [masto, bsky]
link: https://example.com/firn-pro
campaign: winterjacke-2026
tags: [launch, jacke]
sponsored: true
---

Sie ist da: **die Firn Pro** #Anzeige
"""


def texts(repo: Repo, path: str = "content/p.md") -> dict[str, str]:
    result = repo.run("render", path, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return {a["account"]: "\n".join(p["text"] for p in a["parts"]) for a in data["accounts"]}


def test_built_in_template_adds_the_link_below(repo: Repo) -> None:
    repo.post("p", POST)
    assert (
        texts(repo)["masto"] == "Sie ist da: die Firn Pro #Anzeige\n\nhttps://example.com/firn-pro"
    )


def test_every_documented_variable_is_available(repo: Repo) -> None:
    repo.post("p", POST)
    repo.write(
        "templates/mastodon.txt.j2",
        "{{ body }}\n"
        "{{ account }}/{{ network }} {{ post.id }} {{ post.publish_at.strftime('%d.%m.') }}"
        " slot={{ post.slot }} thread={{ post.thread }}\n"
        "{{ campaign }} {{ tags | join(',') }} {{ 'ad' if sponsored }} {{ disclosure }}\n"
        "{%- if link %}\n\n{{ link | upper }}{% endif %}",
    )
    got = texts(repo)
    assert got["masto"] == (
        "Sie ist da: die Firn Pro #Anzeige\n"
        "masto/mastodon p 01.12. slot=None thread=False\n"
        "winterjacke-2026 launch,jacke ad #Anzeige\n\n"
        "HTTPS://EXAMPLE.COM/FIRN-PRO"
    )
    # Other networks keep the built-in template.
    assert got["bsky"] == "Sie ist da: die Firn Pro #Anzeige\n\nexample.com/firn-pro"


def test_templates_include_each_other_and_use_macros(repo: Repo) -> None:
    repo.post("p", POST)
    repo.write("templates/parts/sign-off.j2", "{% macro sign(name) %}— {{ name }}{% endmacro %}")
    repo.write(
        "templates/footer.j2", "{% for t in tags %}#{{ t }}{{ ' ' if not loop.last }}{% endfor %}"
    )
    repo.write(
        "templates/default.txt.j2",
        '{% from "parts/sign-off.j2" import sign %}{{ body }}\n{% include "footer.j2" %}\n'
        "{{ sign('Team') }}",
    )
    got = texts(repo)
    # templates/default.txt.j2 is used by every network without a file of its own.
    assert (
        got["masto"] == got["bsky"] == "Sie ist da: die Firn Pro #Anzeige\n#launch #jacke\n— Team"
    )


def _jinja_blocks(markdown: Path) -> list[str]:
    return re.findall(r"```jinja\n(.*?)```", markdown.read_text("utf-8"), re.S)


@pytest.mark.parametrize(
    "readme", [ROOT / "templates/README.md", ROOT / "smmgen/scaffold/templates/README.md"]
)
def test_documented_examples_render(repo: Repo, readme: Path) -> None:
    repo.post("p", POST)
    blocks = _jinja_blocks(readme)
    assert blocks
    for block in blocks:
        repo.write("templates/mastodon.txt.j2", block)
        got = texts(repo)["masto"]
        assert got.startswith("Sie ist da: die Firn Pro #Anzeige\n\n"), got


def test_link_in_bio_example_from_the_readme(repo: Repo) -> None:
    repo.post("p", POST)
    bio = next(b for b in _jinja_blocks(ROOT / "templates/README.md") if "Link in Bio" in b)
    repo.write("templates/mastodon.txt.j2", bio)
    assert texts(repo)["masto"] == "Sie ist da: die Firn Pro #Anzeige\n\n🔗 Link in Bio"


def test_typos_syntax_errors_and_crashes_name_the_template_line(repo: Repo) -> None:
    repo.post("p", POST.replace("networks: [masto, bsky]", "networks: [masto]"))
    cases = {
        "{{ body }}\n{{ bdy }}": "'bdy' is undefined",
        "{{ body }}\n{% if %}": "syntax error",
        "{{ body }}\n\n{{ 1 // 0 }}": "ZeroDivisionError",
        "{{ body }}\n{{ post.update(id='x') }}": "unsafe",
    }
    for source, words in cases.items():
        repo.write("templates/mastodon.txt.j2", source)
        # A process per case: a running smmgen keeps the templates it compiled.
        done = _smmgen(repo.root, "check", "--format", "json")
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        problem = one(json.loads(done.stdout), "template/error")
        assert problem["path"] == "templates/mastodon.txt.j2"
        assert problem["line"] == source.count("\n") + 1, (source, problem)
        assert words in problem["message"], problem


def _smmgen(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A real ``smmgen`` process with a secret in its environment, as in the publish job."""
    return subprocess.run(
        [sys.executable, "-m", "smmgen", *args],
        cwd=root,
        env={**os.environ, "MASTODON_TOKEN": SECRET, "GITHUB_ACTIONS": ""},
        capture_output=True,
        text=True,
        timeout=120,
    )


COMMANDS = [("render", "content/p.md"), ("check",), ("preview", "--format", "markdown")]


def _assert_harmless(repo: Repo, rule: str, path: str) -> None:
    for args in COMMANDS:
        done = _smmgen(repo.root, *args)
        out = done.stdout + done.stderr
        assert SECRET not in out, (args, out)
        assert "Traceback" not in out, (args, out)
        assert not (repo.root / "PWNED").exists(), args
        assert f"[{rule}]" in out or args[0] == "preview", (args, out)
        assert path in out, (args, out)
        assert done.returncode == (0 if args[0] == "preview" else 1), (args, out)


@pytest.mark.parametrize(
    "payload",
    [
        "{{ cycler.__init__.__globals__.os.environ.get('MASTODON_TOKEN') }}",
        "{{ cycler.__init__.__globals__.os.popen('touch PWNED; echo $MASTODON_TOKEN').read() }}",
        "{{ joiner.__init__.__globals__.os.environ }}",
        "{{ lipsum.__globals__['os'].environ }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ post.__class__.__init__.__globals__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ body.format.__self__ }}{{ '{0.__class__}'.format(body) }}",
    ],
)
def test_template_code_cannot_reach_python(repo: Repo, payload: str) -> None:
    repo.post("p", POST.replace("networks: [masto, bsky]", "networks: [masto]"))
    repo.write("templates/mastodon.txt.j2", "{{ body }}\n" + payload + "\n")
    _assert_harmless(repo, "template/error", "templates/mastodon.txt.j2:2")


@pytest.mark.parametrize("target", ["secret-file", "/proc/self/environ"])
def test_a_linked_template_is_refused(repo: Repo, tmp_path: Path, target: str) -> None:
    secret = tmp_path / "secret-file"
    secret.write_text(f"MASTODON_TOKEN={SECRET}\n", "utf-8")
    repo.post("p", POST.replace("networks: [masto, bsky]", "networks: [masto]"))
    (repo.root / "templates").mkdir()
    (repo.root / "templates/env.j2").symlink_to(secret if target == "secret-file" else target)
    repo.write("templates/mastodon.txt.j2", '{{ body }}\n{% include "env.j2" %}\n')
    _assert_harmless(repo, "template/link", "templates/env.j2")


def test_a_template_reached_through_a_linked_folder_is_refused(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "mastodon.txt.j2").write_text(f"{{{{ body }}}} {SECRET}", "utf-8")
    (outside / "env.j2").write_text(SECRET, "utf-8")
    repo.post("p", POST.replace("networks: [masto, bsky]", "networks: [masto]"))
    (repo.root / "templates").mkdir()
    (repo.root / "templates/sub").symlink_to(outside)
    repo.write("templates/mastodon.txt.j2", '{{ body }}\n{% include "sub/env.j2" %}\n')
    _assert_harmless(repo, "template/link", "templates/sub")
    # A templates/ folder that is itself a link is refused as a whole.
    for entry in (repo.root / "templates").iterdir():
        entry.unlink()
    (repo.root / "templates").rmdir()
    (repo.root / "templates").symlink_to(outside)
    _assert_harmless(repo, "template/link", "templates")


def test_a_template_that_is_a_pipe_is_not_waited_for(repo: Repo) -> None:
    repo.post("p", POST.replace("networks: [masto, bsky]", "networks: [masto]"))
    (repo.root / "templates").mkdir()
    os.mkfifo(repo.root / "templates/mastodon.txt.j2")
    done = _smmgen(repo.root, "check")
    assert done.returncode == 1
    assert "templates/mastodon.txt.j2:1:1: error: template refused:" in done.stdout
    assert "not an ordinary file" in done.stdout


def test_a_change_to_an_included_template_is_checked_again(repo: Repo) -> None:
    repo.post("p", POST.replace("networks: [masto, bsky]", "networks: [masto]"))
    repo.write("templates/parts/footer.j2", "ok")
    repo.write("templates/mastodon.txt.j2", '{{ body }}\n{% include "parts/footer.j2" %}')
    assert _smmgen(repo.root, "check").returncode == 0  # cached as fine
    repo.write("templates/parts/footer.j2", "{{ nope }}")
    done = _smmgen(repo.root, "check")
    assert done.returncode == 1 and "'nope' is undefined" in done.stdout, done.stdout
