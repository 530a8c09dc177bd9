"""The documentation site's generated pages follow the code; the README stays a front door."""

import ast
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from smmgen.docs import COMMAND, END, START, expected, stale
from smmgen.networks import NETWORKS
from smmgen.rules import RULES

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
# How the code names the network a rule id starts with, in f"{…}/rule".
NETWORK_NAMES = {"net", "network", "net.name", "network.name", "self.name"}
RULE = re.compile(r"^([a-z]+(?:-[a-z]+)*)/([a-z]+(?:-[a-z]+)*)$")


def test_generated_pages_are_current() -> None:
    old = [str(p.relative_to(ROOT)) for p in stale(ROOT)]
    assert not old, f"out of date: {', '.join(old)}; run: {COMMAND}"


def test_a_changed_declaration_makes_its_page_stale_and_write_keeps_the_quirks(
    tmp_path: Path,
) -> None:
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    page = tmp_path / "docs/networks/bluesky.md"
    text = page.read_text("utf-8")
    page.write_text(text.replace("300 graphemes", "280 graphemes"), "utf-8")
    (tmp_path / "docs/networks/pinterest.md").unlink()

    assert stale(tmp_path) == [page, tmp_path / "docs/networks/pinterest.md"]
    regenerated = expected(tmp_path)
    assert regenerated[page] == text
    # A network without a page gets one with the generated part and room for its quirks.
    new = regenerated[tmp_path / "docs/networks/pinterest.md"]
    assert new.startswith("# Pinterest\n") and START in new and END in new
    assert "## Quirks" in new and "`board_id`" in new


def test_every_network_has_a_page_in_the_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text("utf-8")
    for name in NETWORKS:
        assert f"networks/{name}.md" in nav


def _rule_ids_in_the_code() -> set[str]:
    """Rule ids written out in smmgen/: literals, and f"{net}/rule" for any network."""
    listed = {i for r in RULES for i in r.ids}
    families = {i.split("/")[0] for i in listed} | set(NETWORKS)
    found: set[str] = set()
    for path in (ROOT / "smmgen").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                m = RULE.match(node.value)
                if m and m.group(1) in families:
                    found.add(node.value)
            elif isinstance(node, ast.JoinedStr) and len(node.values) == 2:
                head, tail = node.values
                if (
                    isinstance(head, ast.FormattedValue)
                    and ast.unparse(head.value) in NETWORK_NAMES
                    and isinstance(tail, ast.Constant)
                    and isinstance(tail.value, str)
                    and RULE.match("network" + tail.value)
                ):
                    found.add("<network>" + tail.value)
    return found


def test_every_rule_the_code_reports_is_in_the_rule_table() -> None:
    listed = {i for r in RULES for i in r.ids}
    found = _rule_ids_in_the_code()
    assert {"post/empty", "<network>/kind"} <= found  # the scan sees both forms
    missing = sorted(
        i for i in found if i not in listed and f"<network>/{i.split('/', 1)[1]}" not in listed
    )
    assert not missing, f"add to smmgen/rules.py, then run {COMMAND}: {missing}"


def test_readme_opens_with_the_two_commands() -> None:
    blocks = README.read_text("utf-8").split("```sh\n")[1:3]
    commands = [b.split("\n```", 1)[0].strip() for b in blocks]
    assert commands[0].endswith("smmgen check")
    assert commands[1] == "bash scripts/test.sh"


def test_readme_fits_on_a_screen_and_its_links_lead_somewhere() -> None:
    text = README.read_text("utf-8")
    assert len(text.splitlines()) <= 150
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text)
    local = [t for t in targets if not t.startswith(("http://", "https://"))]
    assert local
    assert [t for t in local if not (ROOT / t).exists()] == []


def _walk_through() -> list[str]:
    """The shell commands of the README's five-minute walk-through, as written there."""
    text = README.read_text("utf-8").split("## Five minutes", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^ *```sh\n(.*?)^ *```", text, flags=re.S | re.M)
    return [textwrap.dedent(b) for b in blocks]


def test_the_readmes_walk_through_works_as_written(tmp_path: Path) -> None:
    blocks = _walk_through()
    assert len(blocks) == 4
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
        "GITHUB_ACTIONS": "",
    }
    # One shell, as a reader types them: `cd` in the first block holds for the rest.
    script = "set -e\n" + "\n".join(blocks)
    done = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    site = tmp_path / "bergwerk-social"
    assert (site / "content/2030-03/2030-03-04-hello-from-the-mountains.md").is_file()
    assert "Our first post, written as a file" in done.stdout  # what render shows
    assert (site / "_site/index.html").is_file()
