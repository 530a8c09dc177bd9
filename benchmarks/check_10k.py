"""Benchmark `smmgen check` on 10,000 generated posts, for two corpora.

``full``: posts with bold text, a list, a LinkedIn variant and a campaign;
``light``: one short paragraph, a link, a hashtag, 4 accounts, no variants.

Prints, for each corpus, all measured in this run on this machine:
- the parse floor: read every file, load front matter with CSafeLoader, parse
  the Markdown and render 4 Jinja2 templates per post (a separate process);
- `smmgen check` cold (no cache) and warm (one file changed; best of 5 edits a
  round), as ratios;
- the warm floor: what any warm check after one edit must do at least (start
  Python, import what checking the edited post needs, stat every post), in a
  separate process: the part of the warm time that is smmgen's own;
- `smmgen --help` start-up against `python -c "import click, yaml, jinja2"`;
- peak RSS of the cold check.

Run: .venv/bin/python benchmarks/check_10k.py [--posts N] [--corpus full|light|both]

Every process runs as an installed smmgen does: with its bytecode compiled
(pip compiles on install; an editable checkout compiles on first import unless
PYTHONDONTWRITEBYTECODE is set, as on some CI machines), so the package's
modules are compiled once up front and the variable is dropped for the runs.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
# The posts are dated through 2026: judge them before that year, as a team would
# check a plan it is about to publish (else every post would be reported as missed).
ENV["SMMGEN_AT"] = "2025-12-01 09:00"
WARM_EDITS = 5  # warm checks per round, each after an edit of its own
TARGETS = {"cold/floor": 1.5, "warm/cold": 0.05, "startup": 2.0, "rss_mb": 250.0}

# min_gap 0m: the posts' random times would otherwise make thousands of
# "too close" warnings, which measures printing rather than checking.
SCHEDULE = """\
timezone: Europe/Berlin
min_gap: 0m
accounts:
  bsky: {network: bluesky, handle: bench.bsky.social, password_env: BSKY_PW}
  masto: {network: mastodon, instance: "https://mastodon.example", token_env: MASTO_TOKEN}
  x: {network: x, api_key_env: XK, api_secret_env: XS, access_token_env: XT,
      access_token_secret_env: XTS}
  li: {network: linkedin, author_urn: "urn:li:organization:1", token_env: LI_TOKEN}
slots:
  morning: {days: [mon, tue, wed, thu, fri], times: ["09:30"], accounts: [bsky, masto, x, li]}
blackout:
  - {from: 2027-12-24, to: 2027-12-26, reason: holidays}
"""

POST = """\
---
publish_at: 2026-{month:02d}-{day:02d} {hour:02d}:{minute:02d}
networks: [bsky, masto, x, li]
campaign: bench-{campaign}
tags: [bench, winter]
link: https://example.com/p/{i}
variants:
  li:
    body: |
      A longer text for LinkedIn about post {i}. We are **proud** to share it.
---

Post number {i}: **new** winter jackets are here — read [the story](https://example.com/s/{i}).
Grüße aus den Bergen! 🏔️ #outdoor #winter

- warm
- light
"""

LIGHT = """\
---
publish_at: 2026-{month:02d}-{day:02d} {hour:02d}:{minute:02d}
networks: [bsky, masto, x, li]
---

New trail map {i} is out: https://example.com/t/{i} #hiking
"""
CORPORA = {"full": POST, "light": LIGHT}
# What checking the edited post needs beyond click (the command line), yaml (its front
# matter and schedule.yaml) and jinja2 (its texts): Markdown (pulldown-cmark, as
# smmgen.markdown_pull reads it) for the full corpus's bold text and list, grapheme
# clusters for its umlauts and emoji.
NEEDS = {"full": ", pyromark, regex", "light": ""}

FLOOR = r"""
import sys, os, yaml, jinja2
from pyromark import events
root = sys.argv[1]
env = jinja2.Environment()
tpl = env.from_string("{{ body }}{% if link and link not in body %}\n\n{{ link }}{% endif %}")
for dirpath, _, files in os.walk(os.path.join(root, "content")):
    for f in files:
        text = open(os.path.join(dirpath, f), encoding="utf-8").read()
        _, fm, body = text.split("---\n", 2)
        meta = yaml.load(fm, Loader=yaml.CSafeLoader)
        parsed = list(events(body))
        for _ in range(4):
            tpl.render(body=body, link=meta.get("link"))
"""

WARM_FLOOR = r"""
import os, sys
import click, yaml, jinja2{needs}
for dirpath, _, files in os.walk(os.path.join(sys.argv[1], "content")):
    for f in files:
        os.stat(os.path.join(dirpath, f))
"""


def make_repo(root: Path, n: int, post: str) -> None:
    (root / "schedule.yaml").write_text(SCHEDULE, "utf-8")
    for i in range(n):
        folder = root / "content" / f"batch-{i // 500:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = post.format(
            i=i,
            month=1 + i % 12,
            day=1 + i % 28,
            hour=8 + i % 10,
            minute=i % 60,
            campaign=i % 7,
        )
        (folder / f"post-{i:05d}.md").write_text(text, "utf-8")


def run(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time in seconds and peak RSS in MB of one child process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1) or "Traceback" in stderr:
        raise SystemExit(f"{cmd} failed with exit {code}:\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024


def measure(py: str, name: str, n: int, repeat: int) -> dict[str, float]:
    """Floors, cold, warm and RSS on corpus ``name`` of ``n`` posts (best of ``repeat`` rounds)."""
    post, warm_floor = CORPORA[name], WARM_FLOOR.format(needs=NEEDS[name])
    smmgen = [py, "-m", "smmgen"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_repo(root, n, post)
        target = next((root / "content").rglob("*.md"))
        # Rounds, not one measurement after the other: this machine's speed drifts
        # over minutes, and each ratio should compare runs made at the same time.
        floors, colds, warms, warm_floors, rss = [], [], [], [], 0.0
        for _ in range(repeat):
            floors.append(run([py, "-c", FLOOR, str(root)], root)[0])
            shutil.rmtree(root / ".smmgen-cache", ignore_errors=True)
            t, r = run([*smmgen, "check"], root)  # cold; leaves a full cache behind
            colds.append(t)
            rss = max(rss, r)
            # A warm run is short, so one slow moment of a busy machine weighs much:
            # several edits per round, each checked once.
            for edit in range(WARM_EDITS):
                target.write_text(target.read_text("utf-8") + f"\nEdited {edit}.\n", "utf-8")
                warms.append(run([*smmgen, "check"], root)[0])
                warm_floors.append(run([py, "-c", warm_floor, str(root)], root)[0])
        imports_runs, startup_runs = [], []
        for _ in range(5):
            imports_runs.append(run([py, "-c", "import click, yaml, jinja2"], root)[0])
            startup_runs.append(run([*smmgen, "--help"], root)[0])
    return {
        "floor": min(floors),
        "cold": min(colds),
        "warm": min(warms),
        "warm_floor": min(warm_floors),
        "imports": min(imports_runs),
        "startup": min(startup_runs),
        "rss_mb": rss,
    }


def report(name: str, n: int, m: dict[str, float]) -> list[str]:
    """Print one corpus's figures; the targets it missed."""
    results = {
        "cold/floor": m["cold"] / m["floor"],
        "warm/cold": m["warm"] / m["cold"],
        "startup": m["startup"] / m["imports"],
        "rss_mb": m["rss_mb"],
    }
    print(f"corpus: {name}, posts: {n}, load average: {os.getloadavg()[0]:.2f}")
    print(f"  parse floor:          {m['floor']:7.3f} s")
    print(f"  check cold:           {m['cold']:7.3f} s   {results['cold/floor']:.2f}x floor")
    print(f"  check warm (1 edit):  {m['warm']:7.3f} s   {results['warm/cold']:.1%} of cold")
    print(
        f"  warm floor:           {m['warm_floor']:7.3f} s   "
        f"({m['warm_floor'] / m['cold']:.1%} of cold; warm is {m['warm'] / m['warm_floor']:.2f}x)"
    )
    print(f"  import click+yaml+jinja2: {m['imports'] * 1000:5.0f} ms")
    print(f"  smmgen --help:        {m['startup'] * 1000:5.0f} ms   {results['startup']:.2f}x")
    print(f"  peak RSS (cold):      {m['rss_mb']:7.1f} MB")
    failed = [k for k, limit in TARGETS.items() if results[k] > limit]
    for k in failed:
        print(f"  MISSED TARGET {k}: {results[k]:.3f} > {TARGETS[k]}")
    return failed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", choices=["full", "light", "both"], default="both")
    args = parser.parse_args()
    import smmgen

    compileall.compile_dir(Path(smmgen.__file__).parent, quiet=1)
    names = list(CORPORA) if args.corpus == "both" else [args.corpus]
    failed = []
    for name in names:
        m = measure(sys.executable, name, args.posts, args.repeat)
        failed += report(name, args.posts, m)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
