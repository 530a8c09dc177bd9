"""Benchmark: `smmgen build` vs Pelican on the same 2,000 generated Markdown posts.

    python benchmarks/build.py [--posts 2000] [--runs 3]

Pelican is installed only for this benchmark, into its own virtual environment
under build/bench-pelican-venv (reused on later runs). Both tools run as
separate processes on the same Markdown bodies, each as a user runs it on a
fresh checkout: ``smmgen build`` with its cache on (``.smmgen-cache`` deleted
before every run, so nothing is warm), Pelican with its default settings, and
no output folder left from an earlier run. Runs alternate between the tools so
both see the same machine load; the best of ``--runs`` is reported.
Target: smmgen ≤ 0.5 × Pelican's time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
PELICAN_VENV = HERE / "build" / "bench-pelican-venv"

SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  bluesky:
    network: bluesky
    handle: bench.bsky.social
    password_env: BLUESKY_APP_PASSWORD
  mastodon:
    network: mastodon
    instance: https://mastodon.social
    token_env: MASTODON_TOKEN
  linkedin:
    network: linkedin
    author_urn: urn:li:organization:1
    token_env: LINKEDIN_TOKEN
slots:
  mornings:
    days: [mon, wed, fri]
    times: ["09:30"]
    accounts: [bluesky, mastodon]
blackout:
  - from: 2026-12-24
    to: 2026-12-26
    reason: Weihnachten
"""

CAMPAIGNS = ["winter", "fruehjahr", "sommer", "herbst", "ski"]


def body(i: int) -> str:
    """A realistic post body: emphasis, a list, a link, hashtags, an emoji."""
    return (
        f"**Tipp Nr. {i}:** So bleibst du auf Tour warm und trocken. 🧤\n\n"
        "- Zwiebelprinzip: drei dünne Schichten statt einer dicken\n"
        "- Mütze auf, bevor du frierst\n"
        "- Ersatzhandschuhe in den Rucksack\n\n"
        f"Mehr dazu im [Ratgeber](https://example.com/ratgeber/{i}). #Bergsport #Outdoor"
    )


def generate(root: Path, n: int) -> tuple[Path, Path]:
    """The smmgen repository and the Pelican content folder, with the same bodies."""
    repo = root / "repo"
    (repo / "content").mkdir(parents=True)
    (repo / "schedule.yaml").write_text(SCHEDULE, "utf-8")
    pelican = root / "pelican"
    (pelican / "content").mkdir(parents=True)
    start = dt.datetime(2026, 1, 5, 9, 30)
    for i in range(n):
        when = start + dt.timedelta(hours=7 * i)
        if dt.date(2026, 12, 24) <= when.date() <= dt.date(2026, 12, 26):
            when += dt.timedelta(days=3)
        campaign = CAMPAIGNS[i % len(CAMPAIGNS)]
        folder = repo / "content" / f"{when:%Y-%m}"
        folder.mkdir(exist_ok=True)
        (folder / f"post-{i:04d}.md").write_text(
            f"---\npublish_at: {when:%Y-%m-%d %H:%M}\n"
            f"networks: [bluesky, mastodon, linkedin]\ncampaign: {campaign}\n"
            f"tags: [tipp, {campaign}]\n---\n\n{body(i)}\n",
            "utf-8",
        )
        (pelican / "content" / f"post-{i:04d}.md").write_text(
            f"Title: Tipp {i}\nDate: {when:%Y-%m-%d %H:%M}\nCategory: {campaign}\n"
            f"Tags: tipp, {campaign}\nSlug: post-{i:04d}\n\n{body(i)}\n",
            "utf-8",
        )
    (pelican / "pelicanconf.py").write_text(
        'AUTHOR = "Bench"\nSITENAME = "Bench"\nSITEURL = ""\nTIMEZONE = "Europe/Berlin"\n'
        'DEFAULT_LANG = "de"\nRELATIVE_URLS = True\n',
        "utf-8",
    )
    return repo, pelican


def pelican_bin() -> Path:
    """Pelican in its own virtual environment (created on first use)."""
    exe = PELICAN_VENV / "bin" / "pelican"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PELICAN_VENV)], check=True)
        subprocess.run(
            [str(PELICAN_VENV / "bin/pip"), "install", "-q", "pelican[markdown]"], check=True
        )
    return exe


def timed(cmd: list[str], cwd: Path, fresh: list[Path]) -> float:
    """Seconds ``cmd`` takes, after deleting ``fresh`` (what a first build has not got)."""
    for path in fresh:
        shutil.rmtree(path, ignore_errors=True)
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed:\n{result.stdout}\n{result.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    pelican = pelican_bin()
    smmgen = Path(sys.executable).parent / "smmgen"
    with tempfile.TemporaryDirectory(prefix="smmgen-bench-") as tmp:
        repo, pel = generate(Path(tmp), args.posts)
        site, pel_out = Path(tmp) / "site", Path(tmp) / "pel-out"
        build = [str(smmgen), "build", "--root", str(repo), "--out", str(site)]
        build += ["--at", "2026-01-01 00:00"]
        run_pelican = [str(pelican), "content", "-o", str(pel_out), "-s", "pelicanconf.py", "-q"]
        ours: list[float] = []
        theirs: list[float] = []
        for _ in range(args.runs):
            ours.append(timed(build, repo, [repo / ".smmgen-cache", site]))
            theirs.append(timed(run_pelican, pel, [pel_out, pel / "cache"]))
        pages = sum(1 for _ in site.rglob("*.html"))
        pel_pages = sum(1 for _ in pel_out.rglob("*.html"))
    best_ours, best_theirs = min(ours), min(theirs)
    runs = ", ".join(f"{t:.2f}" for t in ours)
    pel_runs = ", ".join(f"{t:.2f}" for t in theirs)
    ratio = best_ours / best_theirs
    print(f"posts:          {args.posts}")
    print(f"smmgen build:   {best_ours:.2f} s  ({pages} pages; runs {runs})")
    print(f"pelican:        {best_theirs:.2f} s  ({pel_pages} pages; runs {pel_runs})")
    verdict = "OK" if ratio <= 0.5 else "MISSED"
    print(f"ratio:          {ratio:.2f}× Pelican's time (target ≤ 0.50) {verdict}")


if __name__ == "__main__":
    main()
