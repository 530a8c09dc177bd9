"""Mutation score of the core modules: how many small, plausible bugs do the tests catch?

For each module a mutator walks the AST and makes one small change at a time
(a comparison flipped or made strict, ``and``/``or`` swapped, a ``not``
dropped, an ``if`` negated, an integer off by one, ``+``/``-`` swapped,
``break``/``continue`` swapped, a call statement removed). Each mutant is
written into a private copy of the project and the module's own test files run
against it (``pytest -x``); a failing test (or a hang past the time limit)
kills it. Prints the kill rate per module and every survivor.

Not part of CI: it takes minutes per module. Run it before resolving an issue
that touches one of these modules, and add a test for each survivor that
matters (or list it below as equivalent, with the reason).

Run (from the project root):
    .venv/bin/python benchmarks/mutation.py                  # every module
    .venv/bin/python benchmarks/mutation.py plan ledger      # some modules
    .venv/bin/python benchmarks/mutation.py plan --list      # the mutants, nothing run
    .venv/bin/python benchmarks/mutation.py plan --budget 600   # at most ~10 min per module
    .venv/bin/python benchmarks/mutation.py plan --only "8 -> 9"  # some mutants, by signature
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_RECONCILE = "tests/test_publish_reconcile.py"
_META = "tests/test_publish_once_meta.py"

# module → (file, the test files that pin its behaviour). Tests that need the
# local PDS or Chromium are left out (they skip in the copy): too slow to run per mutant.
MODULES: dict[str, tuple[str, list[str]]] = {
    "x_weighted": ("smmgen/networks/x_weighted.py", ["tests/test_x_weighted.py"]),
    "x": (
        "smmgen/networks/x.py",
        ["tests/test_x_weighted.py", "tests/test_adapter_x.py", "tests/test_x_video_boundaries.py"],
    ),
    "mastodon": (
        "smmgen/networks/mastodon.py",
        [
            "tests/test_networks.py",
            "tests/test_mastodon_links.py",
            "tests/test_mastodon_boundaries.py",
            "tests/test_render.py",
            "tests/test_check.py",
        ],
    ),
    "bluesky": (
        "smmgen/networks/bluesky.py",
        [
            "tests/test_networks.py",
            "tests/test_check.py",
            "tests/test_limits.py",
            "tests/test_content_errors.py",
            "tests/test_bluesky_boundaries.py",
        ],
    ),
    "plan": (
        "smmgen/plan.py",
        [
            "tests/test_plan_slots.py",
            "tests/test_plan_ledger.py",
            "tests/test_plan.py",
            "tests/test_publish.py",
            # renamed and retracted posts, the pause switches: planned in plan.py too
            "tests/test_security_ledger.py",
            "tests/test_retract.py",
            "tests/test_pause.py",
        ],
    ),
    "ledger": (
        "smmgen/ledger.py",
        [
            "tests/test_ledger_records.py",
            "tests/test_ledger_writes.py",
            "tests/test_ledger.py",
            "tests/test_publish.py",
            "tests/test_plan.py",
        ],
    ),
    "shared_ledger": (
        "smmgen/shared_ledger.py",
        [
            # the claim states, as the plan shows them
            "tests/test_plan_ledger.py",
            "tests/test_shared_ledger_known.py",
            "tests/test_shared_ledger.py",
            "tests/test_publish_crash.py",
            "tests/test_publish_reconcile.py",
            "tests/test_publish_race.py",
        ],
    ),
    "sending": (
        "smmgen/sending.py",
        [
            # fast ones first: with -x most mutants die in the first seconds
            "tests/test_publish_failures.py",
            "tests/test_publish.py",
            "tests/test_network_registry.py::test_publish_without_the_bluesky_sdk_says_which_package_to_install",
            "tests/test_replies_publish.py::test_mastodon_reply_resolves_the_target_and_sends_in_reply_to_id",
            "tests/test_first_comment.py::test_the_first_comment_follows_the_post_and_is_in_the_ledger",
            "tests/test_publish_uncertain.py",
            # the lookups of unfinished attempts, one fault of each kind (Mastodon: no PDS);
            # the leases of other machines' claims belong to shared_ledger
            f"{_RECONCILE}::test_mastodon_killed_after_send_is_found_in_recent_statuses",
            f"{_RECONCILE}::test_mastodon_killed_before_send_sends_once_with_the_key",
            f"{_RECONCILE}::test_mastodon_thread_cut_short_by_a_crash_is_completed",
            f"{_RECONCILE}::test_uncertain_attempt_not_found_and_too_late_is_missed_not_sent",
            f"{_RECONCILE}::test_an_unfinished_attempt_too_late_but_included_is_looked_up_and_sent",
            f"{_RECONCILE}::test_a_failing_lookup_keeps_the_attempt_uncertain_until_one_works[403]",
            f"{_RECONCILE}::test_a_lost_answer_after_the_status_was_created_exists_once[502]",
            f"{_RECONCILE}::test_a_thread_refused_at_part_2_resumes_at_part_2",
            f"{_RECONCILE}::test_a_reconciling_run_killed_before_its_lookup_leaves_the_attempt_uncertain",
            f"{_RECONCILE}::test_resend_sends_again_without_looking_it_up",
            f"{_RECONCILE}::test_an_unfinished_attempt_exactly_max_delay_late_is_still_sent",
            # images fetched by URL (Instagram) and kinds: only sending waits for them
            f"{_META}::test_instagram_waits_for_the_image_to_be_public",
            f"{_META}::test_instagram_kind_in_the_front_matter_publishes_a_story",
            "tests/test_publish_crash.py",
        ],
    ),
    "thread_split": (
        "smmgen/thread_split.py",
        ["tests/test_thread_split.py", "tests/test_render.py"],
    ),
    "validate": (
        "smmgen/validate.py",
        [
            "tests/test_content_errors.py",
            "tests/test_limits.py",
            "tests/test_check.py",
            "tests/test_mentions.py",
            "tests/test_disclosure.py",
            "tests/test_replies_check.py",
            "tests/test_instagram_kinds.py",
            # only the checks of these files: their other tests publish or probe videos
            "tests/test_first_comment.py::test_check_warns_where_no_first_comment_is_posted",
            "tests/test_first_comment.py::test_a_linkedin_first_comment_is_held_to_the_comment_limit",
            "tests/test_video_check.py::test_aspect_and_mixing",
            "tests/test_video_check.py::test_captions",
            "tests/test_video_check.py::test_captions_are_a_webvtt_file_in_the_repository_beside_a_video",
            "tests/test_replies_meta.py::test_an_instagram_reply_with_a_video_and_a_png_reports_each_of_them",
            # the only network with rules on tags, and a video required with no media at all
            "tests/test_youtube.py::test_tags_count_as_youtube_counts_them",
            "tests/test_youtube.py::test_check_rules",
            # comment replies: no media and no video limits
            "tests/test_replies_meta.py::test_the_link_forms_people_copy_and_the_inbox_shows_are_accepted",
        ],
    ),
}

# Mutants that no test can tell from the original, by module and signature
# (as printed for a survivor), with the reason. They are left out of the rate.
EQUIVALENT: dict[str, dict[str, str]] = {
    "x_weighted": {
        "add-sub: code_point - 0x10000 -> code_point + 65536": (
            "the same low ten bits: 2 x 0x10000 is a multiple of 0x400"
        ),
        "call-removed: super().__init__()": "dict.__init__ without arguments does nothing",
        "compare: len(m.group(1)) + 8 > _MAX_URL_UTF16 -> len(m.group(1)) + 8 >= _MAX_URL_UTF16": (
            "a plain link of exactly 4088 characters then goes to the full regex, which gives "
            "the same answer: performance only"
        ),
        "int+1: 1 -> 2 #16": (
            "what stands before a URL is one character or none, so its last two are its last one"
        ),
        "int+1: 1 -> 2 #11": (
            "the URL scan of a word starting two characters back: the character before a "
            "word is a space, where no URL (and so no match) can start: the same matches"
        ),
        "compare: len(branches) > 1 -> len(branches) >= 1": (
            "a non-capturing group around a single branch matches what the branch matches"
        ),
        "bool-op: len(cases) > 1 and not ch.isascii() -> len(cases) > 1 or not ch.isascii()": (
            "an ASCII letter becomes [Aa], which the case-insensitive regex matches like the "
            "escaped letter; any other character a one-character class"
        ),
        "int+1: 1 -> 2 #4": (
            "performance only: a sequence of two or more code points has a joiner as its "
            "second one, so a scan from two before the first joiner finds the same matches"
        ),
        "compare: len(cases) > 1 -> len(cases) >= 1": (
            "a one-character class [ä] matches exactly what the escaped ä matches"
        ),
        "int+1: 8 -> 9": (
            "the plain-link shortcut hands a URL near 4096 units to the full regex, which "
            "gives the same answer: performance only"
        ),
        "int+1: 128 -> 129": (
            "U+0080 then joins the ASCII weights: every shipped config weighs it like ASCII, "
            "and where it differs the fast path is skipped for the same sum: performance only"
        ),
        "compare: 0 < len(_punycode_label(label)) <= _MAX_LABEL -> "
        "0 <= len(_punycode_label(label)) <= _MAX_LABEL": (
            "the URL regex never yields an empty domain label, so its punycode is never empty"
        ),
    },
    "thread_split": {
        "compare: s < pos < e -> s <= pos < e": (
            "kept ranges are links (label or URL), which never start with whitespace, so no "
            "gap between parts starts where a kept range starts"
        ),
        "compare: m.end() >= end -> m.end() > end": (
            "sections are trimmed, so no gap ends at a section's end"
        ),
        "break-continue: break -> continue": (
            "performance only: along one level the candidate parts only grow, so after the "
            "first one that does not fit none does"
        ),
        "int+1: 0 -> 1 #2": "Part(1, 0) of a text with no sections is empty, like Part(0, 0)",
        "bool-op: not numbering or len(ranges) == total -> "
        "not numbering and len(ranges) == total": (
            "performance only: once the part count equals the total it was numbered with, "
            "every further round splits the same way"
        ),
        "break-continue: break -> continue #3": (
            "performance only: the same settled round repeated up to 8 times"
        ),
        "int+1: 8 -> 9": (
            "unreachable: a 9th round only matters for a numbering still unsettled after 8; "
            "it settles once its width stops growing (at most 4 rounds in a random search)"
        ),
    },
    "ledger": {
        "int+1: 1 -> 2 #6": "read(2) one byte before the end still reads that one byte",
        "compare: data.keys() <= _FIELDS -> data.keys() < _FIELDS": (
            "a line with every field then has its keys picked one by one: the same fields, "
            "performance only"
        ),
    },
    "mastodon": {
        "compare: len(plain.group(1)) <= tt._MAX_URL_UTF16 -> "
        "len(plain.group(1)) < tt._MAX_URL_UTF16": (
            "a plain link of exactly 4096 units then goes to the full extractor, which links "
            "it too: performance only"
        ),
        "int+1: 1 -> 2 #5": (
            "a word starts after whitespace (or the text's start), so scanning from one more "
            "character back only offers the whitespace as a link's first character: no match"
        ),
        "compare: start < m.end() -> start <= m.end()": (
            "a link cannot start where a mention ends: the character before a link must not "
            "be a letter or digit, and a mention ends in one"
        ),
        "compare: m.start() < end -> m.start() <= end": (
            "a mention cannot start where a link ends: '@' is a path character, so a link "
            "followed by '@name' runs on through it"
        ),
    },
    "plan": {
        "bool-op: not slot.days or not slot.times -> not slot.days and (not slot.times)": (
            "a slot with days but no times (or times but no days) yields no occurrence either "
            "way; the guard only saves scanning to the horizon: performance only"
        ),
        "compare: min_gap <= dt.timedelta(0) -> min_gap < dt.timedelta(0)": (
            "with min_gap 0 no pair of time-sorted entries is less than 0 apart"
        ),
        "call-removed: entries.sort(key=lambda e: (e.when, e.path))": (
            "make_plan (the only maker of a Plan) already orders each account's entries with a "
            "time by (when, path)"
        ),
        "bool-op: a.when is not None and b.when is not None -> "
        "a.when is not None or b.when is not None": (
            "an assert for mypy on entries filtered to those with a time: true either way"
        ),
        "bool-op: parsed is None or problem is not None -> "
        "parsed is None and problem is not None": (
            "parse_publish_at gives a time or a problem, never both or neither, once 'now' is "
            "handled before it"
        ),
    },
    "sending": {
        "compare: len(exc.published) > len(request.published) -> "
        "len(exc.published) >= len(request.published)": (
            "an adapter continues after the parts the request lists and reports them first: "
            "as many parts are the same parts, so taking them over changes nothing"
        ),
        "int+1: 1 -> 2 #2": (
            "range(1, MAX_ATTEMPTS + 2): the loop raises at attempt == MAX_ATTEMPTS, so the "
            "fifth iteration never runs"
        ),
        "bool-op: network is None or not network.media_by_url or not request.media -> "
        "network is None and (not network.media_by_url) and (not request.media)": (
            "performance only: other networks then reach public_urls, which finds no "
            "media_base_url (check refuses it outside Instagram and Threads) or no media"
        ),
    },
    "shared_ledger": {
        "compare: age < LEASE -> age <= LEASE": (
            "wall-clock time: a claim exactly 15 minutes old to the microsecond cannot be "
            "arranged, and either answer is right for it"
        ),
        "compare: age < -CLOCK_SKEW -> age <= -CLOCK_SKEW": (
            "wall-clock time: a claim exactly 5 minutes ahead to the microsecond cannot be "
            "arranged, and either answer is right for it"
        ),
        "call-removed: sources.append((BRANCH_LABEL, fetched, set()))": (
            "the branch just fetched is the one gitstate.fetch stored in the remote-tracking "
            "ref (or the local branch without a remote), which known_copies reads as well"
        ),
    },
    "validate": {
        "int+1: 16 -> 17": (
            "one more byte of a captions file's head: the check reads its first 9 at most "
            "(a 3-byte BOM and 'WEBVTT')"
        ),
        "int+1: 0 -> 1 #6": (
            "unreachable: the label's position is asked for only where it stands in the "
            "first part, so the search always finds it"
        ),
        "int+1: 1 -> 2 #6": (
            "unreachable: the post file was read moments before to make the post; it cannot "
            "become unreadable in between from a test"
        ),
        "int+1: 0 -> 1 #7": (
            "a rendered text starts after the front matter, on line 3 or later, so "
            "rendered.line - 1 is at least 1 anyway"
        ),
        "add-sub: i + 1 -> i - 1 #2": (
            "unreachable: thread parts are split to fit, so only a single-part text is over "
            "the length limit and no 'thread part' is named"
        ),
        "int+1: 1 -> 2 #11": "unreachable: no thread part is over the length limit (see above)",
        "int+1: 1 -> 2 #12": "unreachable: no thread part is over the length limit (see above)",
        "break-continue: continue -> break #3": (
            "stopping at the first part within the length limit: no thread part is over it "
            "(see above), only a single-part text can be"
        ),
        "compare: short < ml.min_side -> short <= ml.min_side": (
            "no shipped network declares min_side (the rule is there for manual/new networks)"
        ),
        "compare: long > ml.max_side -> long >= ml.max_side": (
            "no shipped network declares max_side"
        ),
        "call-removed: err( #9": "the min_side error: no shipped network declares min_side",
        "call-removed: err( #10": "the max_side error: no shipped network declares max_side",
    },
}


@dataclass(frozen=True)
class Mutant:
    """One small change: bytes ``start:end`` of the file become ``new``."""

    operator: str
    line: int
    start: int
    end: int
    old: str
    new: str

    @property
    def signature(self) -> str:
        """A name that survives unrelated edits (no line number)."""
        first = self.old.splitlines()[0] if self.old else ""
        if self.operator in ("if-negated", "call-removed"):
            return f"{self.operator}: {first.strip()}"
        return f"{self.operator}: {self.old} -> {self.new}"


_SWAP_CMP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


def _skipped_nodes(tree: ast.Module) -> set[int]:
    """ids of nodes not to mutate: docstrings, annotations, TYPE_CHECKING blocks."""
    skip: set[int] = set()

    def all_in(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                all_in(body[0])
        if isinstance(node, ast.arg):
            all_in(node.annotation)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            all_in(node.returns)
        if isinstance(node, ast.AnnAssign):
            all_in(node.annotation)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            all_in(node)
    return skip


def _offsets(source: bytes) -> list[int]:
    starts = [0]
    for i, byte in enumerate(source):
        if byte == 0x0A:
            starts.append(i + 1)
    return starts


def mutants(path: Path) -> list[Mutant]:
    """Every mutant of the file, in file order, each one compiling."""
    source = path.read_bytes()
    tree = ast.parse(source)
    skip = _skipped_nodes(tree)
    lines = _offsets(source)
    found: list[Mutant] = []
    seen: set[bytes] = set()

    def span(node: ast.AST) -> tuple[int, int]:
        start = lines[node.lineno - 1] + node.col_offset  # type: ignore[attr-defined]
        end = lines[node.end_lineno - 1] + node.end_col_offset  # type: ignore[attr-defined]
        return start, end

    def add(operator: str, node: ast.AST, new: str, whole: ast.AST | None = None) -> None:
        start, end = span(node)
        mutated = source[:start] + new.encode() + source[end:]
        if mutated in seen:
            return
        try:
            compile(mutated, str(path), "exec")
        except SyntaxError:
            return
        seen.add(mutated)
        shown = whole if whole is not None else node
        s, e = span(shown)
        old = source[s:e].decode() if operator in ("if-negated", "call-removed") else ""
        found.append(
            Mutant(
                operator,
                node.lineno,  # type: ignore[attr-defined]
                start,
                end,
                old or source[start:end].decode(),
                new,
            )
        )

    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                swapped = _SWAP_CMP.get(type(op))
                if swapped is None:
                    continue
                compare = copy.deepcopy(node)
                compare.ops[i] = swapped()
                add("compare", node, ast.unparse(compare))
        elif isinstance(node, ast.BoolOp):
            bool_op = copy.deepcopy(node)
            bool_op.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            add("bool-op", node, ast.unparse(bool_op))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            add("not-dropped", node, f"({ast.unparse(node.operand)})")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, int)
            and not isinstance(node.value, bool)
        ):
            add("int+1", node, repr(node.value + 1))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
            bin_op = copy.deepcopy(node)
            bin_op.op = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
            add("add-sub", node, ast.unparse(bin_op))
        elif isinstance(node, ast.Break):
            add("break-continue", node, "continue")
        elif isinstance(node, ast.Continue):
            add("break-continue", node, "break")
        if isinstance(node, ast.If | ast.While) and id(node.test) not in skip:
            add("if-negated", node.test, f"not ({ast.unparse(node.test)})", whole=node)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            add("call-removed", node, "pass")
    found.sort(key=lambda m: (m.start, m.operator))
    return found


def signatures(found: list[Mutant]) -> list[str]:
    """Each mutant's signature, with " #2", " #3" … on repeats, so each one is unique."""
    seen: dict[str, int] = {}
    out = []
    for m in found:
        seen[m.signature] = seen.get(m.signature, 0) + 1
        n = seen[m.signature]
        out.append(m.signature if n == 1 else f"{m.signature} #{n}")
    return out


@dataclass(frozen=True)
class Result:
    mutant: Mutant
    signature: str
    killed: bool
    how: str  # the first failing test, "timeout", or "survived"
    seconds: float


def _pytest(workdir: Path, tests: list[str], timeout: float) -> tuple[int | None, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    env.pop("CI", None)
    env |= {"PYTHONPATH": str(workdir), "PYTHONDONTWRITEBYTECODE": "1"}
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
    cmd += ["--hypothesis-seed=1", *tests]
    try:
        done = subprocess.run(
            cmd, cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return None, "timeout"
    failed = next(
        (line.split(" ")[1] for line in done.stdout.splitlines() if line.startswith("FAILED ")),
        next((ln for ln in done.stdout.splitlines() if ln.startswith("ERROR ")), "?"),
    )
    return done.returncode, failed


def _copy_project(dest: Path) -> None:
    """The project as the tests see it, without git, caches and installed components.

    Without tests/pds/node_modules the tests that need the local PDS skip (CI is unset).
    """
    ignore = shutil.ignore_patterns(
        ".git", ".venv", "build", "_site", "node_modules", "__pycache__", "*.pyc", ".*_cache",
        ".hypothesis",
    )  # fmt: skip
    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True, dirs_exist_ok=True)


def run_module(
    name: str, budget: float | None, every: int, only: tuple[str, ...] = ()
) -> list[Result]:
    """Run the module's mutants (every ``every``-th one), within ``budget`` seconds.

    ``only``: just the mutants whose signature contains one of these (to check new tests
    against the survivors of a full run).
    """
    rel, tests = MODULES[name]
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix=f"mutation-{name}-") as tmp:
        work = Path(tmp)
        _copy_project(work)
        target = work / rel
        original = target.read_bytes()
        t0 = time.monotonic()
        code, first = _pytest(work, tests, 600)
        baseline = time.monotonic() - t0
        if code != 0:
            raise SystemExit(f"{name}: the tests fail without any mutant ({first})")
        limit = max(30.0, 4 * baseline)
        started = time.monotonic()
        found = mutants(target)
        chosen = [
            (m, sig)
            for m, sig in zip(found, signatures(found), strict=True)
            if not only or any(text in sig for text in only)
        ]
        for mutant, signature in chosen[::every]:
            if budget is not None and time.monotonic() - started > budget:
                print(f"  {name}: budget of {budget:.0f} s spent; the rest not run", flush=True)
                break
            target.write_bytes(
                original[: mutant.start] + mutant.new.encode() + original[mutant.end :]
            )
            t = time.monotonic()
            code, first = _pytest(work, tests, limit)
            target.write_bytes(original)
            killed = code != 0
            how = "timeout" if code is None else (first if killed else "survived")
            results.append(Result(mutant, signature, killed, how, time.monotonic() - t))
            mark = "killed  " if killed else "SURVIVED"
            print(f"  {mark} {rel}:{mutant.line} {signature[:110]}  [{how}]", flush=True)
    return results


def report(name: str, results: list[Result]) -> tuple[int, int, int]:
    """Print the module's line and its survivors; (killed, counted, equivalent)."""
    equivalent = EQUIVALENT.get(name, {})
    counted = [r for r in results if r.signature not in equivalent]
    eq = len(results) - len(counted)
    killed = sum(r.killed for r in counted)
    rate = killed / len(counted) if counted else 1.0
    print(
        f"{name:14} {len(results):4} mutants  {killed:4} killed  "
        f"{len(counted) - killed:4} survived  {eq:3} equivalent  {rate:6.1%}"
    )
    for r in counted:
        if not r.killed:
            print(f"    survived  {MODULES[name][0]}:{r.mutant.line}  {r.signature}")
    return killed, len(counted), eq


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", choices=[*MODULES, []], metavar="MODULE")
    parser.add_argument("--list", action="store_true", help="print the mutants, run nothing")
    parser.add_argument("--budget", type=float, help="seconds per module (the rest is skipped)")
    parser.add_argument("--every", type=int, default=1, help="run every N-th mutant only")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="run only mutants whose signature contains TEXT (repeatable; not a full run)",
    )
    args = parser.parse_args(argv)
    names = args.modules or list(MODULES)
    if args.list:
        for name in names:
            found = mutants(ROOT / MODULES[name][0])
            print(f"{name}: {len(found)} mutants")
            for m, signature in zip(found, signatures(found), strict=True):
                print(f"  {MODULES[name][0]}:{m.line}  {signature}")
        return
    summary = []
    for name in names:
        print(f"{name}: running {', '.join(MODULES[name][1])}", flush=True)
        summary.append((name, run_module(name, args.budget, args.every, tuple(args.only))))
    print()
    total_killed = total = 0
    for name, results in summary:
        killed, counted, _ = report(name, results)
        total_killed, total = total_killed + killed, total + counted
    if total:
        print(f"{'total':14} {total_killed}/{total} killed  {total_killed / total:6.1%}")
    for name in names:
        for signature, why in EQUIVALENT.get(name, {}).items():
            print(f"  equivalent ({name}) {signature}: {why}")


if __name__ == "__main__":
    main()
