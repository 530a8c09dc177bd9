"""More of smmgen in German: render, ledger problems, accounts, inbox, new, cost, init.

Each run is a real ``smmgen`` process with an English locale in a repository whose
schedule.yaml says ``ui_language: de`` (or ``smmgen init --language de``); what it
shows must contain none of our English texts (tests/test_german_run.py decides
that without a dictionary) and the German ones users will look for.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from pytest_httpserver import HTTPServer

from smmgen.stats.store import HEADER
from tests.helpers.content_repo import SCHEDULE, Repo, make_image
from tests.helpers.english import GERMAN_ACCOUNTS, marked, pattern, smmgen_de, unmarked

GERMAN = SCHEDULE.replace("timezone: Europe/Berlin\n", "timezone: Europe/Berlin\nui_language: de\n")


def english_in(out: str) -> list[str]:
    """Our English texts (marked or not) that ``out`` shows.

    Not sentences, so the same in every language: git commands, paths, key and
    file names with a word between them, and the README's headings, which German
    texts quote by name („If the ledger branch is gone“) so that people find them.
    """
    found = [m for m in marked() if prose(m) and (p := pattern(m)) and p.search(out)]
    quoted = " ".join(re.findall(r"„([^“]*)“", out))
    return found + sorted(
        f
        for f in unmarked()
        if f in out and not f.startswith("git ") and prose(f) and f not in quoted
    )


def prose(text: str) -> bool:
    """Whether ``text`` has three or more words besides names of keys and files
    (``active_hours in schedule.yaml``, ``urn:li:organization:`` are the same in German)."""
    tokens = [w.strip("(),;:") for w in text.split()]
    plain = [w for w in tokens if w and not re.search(r"[_./{}:]", w)]
    return len([w for w in plain if re.search(r"[A-Za-z]", w)]) >= 3


def german_repo(root: Path, schedule: str = GERMAN) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "schedule.yaml").write_text(schedule, "utf-8")
    return root


def test_render_is_german(tmp_path: Path) -> None:
    root = german_repo(tmp_path / "repo")
    make_image(root / "content" / "bild.png")
    (root / "content" / "a.md").write_text(
        "---\nslot: mornings\nnetworks: [bsky, masto]\ncontent_warning: Spoiler\n"
        "language: de\nmedia:\n  - path: bild.png\n    alt: Eine Röstmaschine\n---\n\n"
        + "Servus https://example.com/ein/sehr/langer/link " * 12
        + "\n",
        "utf-8",
    )
    run = smmgen_de(root, "render", "content/a.md")
    out = run.stdout + run.stderr
    assert run.returncode == 0, out
    assert "nächste freie Zeit des Slots 'mornings'" in out
    assert "Inhaltswarnung: Spoiler" in out and "Sprache: de" in out
    assert "über dem Limit" in out and "Grapheme" in out
    assert "Zeichen (jeder Link zählt 23)" in out
    assert "--- Bild content/bild.png (Alt-Text: Eine Röstmaschine)" in out
    assert not english_in(out), out


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_ledger_and_statistics_problems_are_german(tmp_path: Path) -> None:
    root = german_repo(tmp_path / "repo")
    (root / "content" / "a.md").write_text(
        "---\npublish_at: 2026-12-02 09:00\nnetworks: [masto]\n---\n\nServus!\n", "utf-8"
    )
    claim = '{"post": "a", "account": "masto", "key": "k", "event": "claimed", "run": "r"'
    (root / "state").mkdir()
    (root / "state" / "published.jsonl").write_text(
        "[1, 2]\n"
        + claim + ', "at": "2026-12-02T10:00:00"}\n'
        + claim + ', "at": "gestern"}\n'
        + claim + ', "at": "2026-12-02T10:00:00+00:00", "event": "weg"}\n'
        + claim + ', "at": "2026-12-02T10:00:00+00:00", "pid": "x"}\n'
        + '{"post": 5}\n',
        "utf-8",
    )  # fmt: skip
    (root / "stats").mkdir()
    (root / "stats" / "2026-11.csv").write_text(
        HEADER + "gestern,a,masto,mastodon,1d,ok,1,2,3,4,5,6,7,8,9\n"
        "2026-11-02T09:00:00Z,a,masto,mastodon,1d,weg,1,2,3,4,5,6,7,8,9\n"
        "2026-11-02T09:00:00Z,a,masto\n",
        "utf-8",
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "a")
    # The ledger branch was here once (its tag says so) and is gone now.
    git(root, "tag", "smmgen-state-root", "HEAD")
    check = smmgen_de(root, "check", "--no-cache", "--at", "2026-11-20 12:00")
    plan = smmgen_de(root, "plan", "--at", "2026-11-20 12:00")
    stats = smmgen_de(root, "stats")
    out = "\n".join(r.stdout + r.stderr for r in (check, plan, stats))
    assert "Traceback" not in out
    assert "Ledger-Zeile übersprungen: ein JSON-list, kein Objekt" in out
    assert "'at' hat keine Zeitzone" in out and "'pid' muss eine ganze Zahl sein" in out
    assert "der Ledger-Branch smmgen-state fehlt, dabei lag dort vorher der Ledger" in out
    assert "keine UTC-Zeit" in out and "verwende ok oder deleted" in out
    assert "[ledger/invalid]" in out and "[ledger/missing]" in out  # rule ids stay
    assert not english_in(out), out


ACCOUNTS = (
    GERMAN_ACCOUNTS
    + """\
  hand:
    network: manual
    platform: Xing
    max_length: 3000
"""
)


def test_accounts_check_and_its_issue_are_german(tmp_path: Path, httpserver: HTTPServer) -> None:
    from tests.helpers.fake_github import OWNER, REPO, FakeGitHub
    from tests.helpers.fake_github import TOKEN as GH_TOKEN

    httpserver.expect_request("/api/v1/apps/verify_credentials").respond_with_json(
        {"error": "The access token is invalid"}, status=401
    )
    httpserver.expect_request("/rest/posts").respond_with_json({"message": "denied"}, status=403)
    gh = FakeGitHub(httpserver)
    httpserver.expect_request(re.compile(r"/api/v3/.*")).respond_with_handler(gh.handle)
    base = httpserver.url_for("/").rstrip("/")
    root = german_repo(tmp_path / "repo", ACCOUNTS.format(base=base))
    checked = smmgen_de(root, "accounts", "check")
    out = checked.stdout + checked.stderr
    assert checked.returncode == 1, out
    assert "masto (mastodon): fehlgeschlagen — der Token wird abgelehnt" in out
    assert "li (linkedin): ok — Token akzeptiert (setz client_id_env" in out
    assert "Nachschauen nach einem Absturz braucht r_organization_social" in out
    assert "hand (manual): ok — wird von Hand gepostet: nichts zu prüfen" in out
    as_json = smmgen_de(root, "accounts", "check", "--format", "json")
    assert '"status": "failed"' in as_json.stdout  # JSON values stay as they are
    (root / "accounts.json").write_text(as_json.stdout, "utf-8")
    env = {"GITHUB_TOKEN": GH_TOKEN, "GITHUB_REPOSITORY": f"{OWNER}/{REPO}",
           "GITHUB_API_URL": gh.base}  # fmt: skip
    issue = smmgen_de(root, "github", "accounts", "--report", "accounts.json", env=env)
    assert issue.returncode == 0, issue.stdout + issue.stderr
    (opened,) = gh.issues.values()
    body = opened["body"]
    assert opened["title"] == "Social-Media-Accounts brauchen Aufmerksamkeit"
    assert body.startswith("`smmgen accounts check` hat Accounts gefunden")
    assert "**masto** (mastodon) schlägt fehl: der Token wird abgelehnt" in body
    assert not english_in(out + body + issue.stdout + issue.stderr), out + body


INBOX = """\
timezone: Europe/Berlin
ui_language: de
accounts:
  tg:
    network: telegram
    chat_id: "@examplenews"
    token_env: SMMGEN_TEST_TG
inbox:
  fast_replies: false
"""
ITEM = {
    "network": "telegram",
    "account": "tg",
    "id": "501",
    "url": "https://t.me/examplenews/12?comment=501",
    "author": "anna",
    "text": "Gibt es noch Tickets?",
    "at": "2026-12-01T08:00:00+00:00",
    "kind": "reply",
    "answers": "12",
    "root": "thread-500",
    "opted_out": False,
}


def test_the_inbox_its_issues_and_fast_reply_answers_are_german(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    from tests.helpers.fake_github import OWNER, REPO, private_github
    from tests.helpers.fake_github import TOKEN as GH_TOKEN

    root = german_repo(tmp_path / "repo", INBOX)
    empty = smmgen_de(root, "inbox")
    assert empty.stdout == "nichts wartet\n", empty.stdout + empty.stderr
    assert smmgen_de(root, "inbox", "--format", "markdown").stdout == "Nichts wartet.\n"
    (root / ".smmgen-inbox").mkdir()
    (root / ".smmgen-inbox" / "items.json").write_text(json.dumps([ITEM]), "utf-8")
    listed = smmgen_de(root, "inbox")
    assert "tg (telegram) · 1 Nachricht" in listed.stdout, listed.stdout + listed.stderr
    assert "@anna  Antwort" in listed.stdout
    markdown = smmgen_de(root, "inbox", "--format", "markdown").stdout
    assert "[Antwort von @anna](https://t.me/" in markdown
    (root / "inbox.json").write_text(smmgen_de(root, "inbox", "--format", "json").stdout)

    gh = private_github(httpserver)
    env = {"GITHUB_TOKEN": GH_TOKEN, "GITHUB_REPOSITORY": f"{OWNER}/{REPO}",
           "GITHUB_API_URL": gh.base}  # fmt: skip
    issues = smmgen_de(root, "github", "inbox", "--from", "inbox.json", env=env)
    assert issues.returncode == 0, issues.stdout + issues.stderr
    (opened,) = gh.issues.values()
    assert opened["title"] == "Posteingang: tg (telegram)"
    assert opened["body"].count("Antworte mit einer Antwortdatei") == 1
    assert "**Antwort** von `anna` am 2026-12-01 08:00 · [öffnen](https://t.me/" in opened["body"]

    # A /reply while schedule.yaml does not allow fast replies: refused, and said so.
    (root / "replies").mkdir()
    (root / "replies" / "a.md").write_text("---\nnetworks: [tg]\n---\n\nJa!\n", "utf-8")
    refused = smmgen_de(
        root, "github", "fast-reply", "--file", "replies/a.md", "--result", "r.json", env=env
    )
    assert refused.returncode == 1, refused.stdout + refused.stderr
    number = str(opened["number"])
    answered = smmgen_de(
        root, "github", "fast-reply-answer", "--issue", number, "--from", "r.json", env=env
    )
    assert answered.returncode == 0, answered.stdout + answered.stderr
    [note] = [c["body"] for c in gh.comments.values()]
    assert note.startswith("`/reply` nicht gesendet:\n\nschedule.yaml erlaubt keine schnellen")
    shown = "\n".join(
        [empty.stdout, listed.stdout, markdown, opened["title"], opened["body"], note]
        + [r.stdout + r.stderr for r in (issues, refused, answered)]
    )
    assert not english_in(shown), shown


def test_smmgen_new_asks_in_german(tmp_path: Path) -> None:
    root = german_repo(tmp_path / "repo")
    # Text, accounts by number, a time, no campaign, no image.
    answers = "Servus aus der Rösterei\n1,2\n2026-12-03 10:00\n\n\n"
    done = smmgen_de(root, "new", "--root", str(root), input=answers)
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "Text des Posts (ein Absatz; längere Texte mit --body-file):" in out
    assert "Accounts (Nummern oder Namen, durch Kommas getrennt)" in out
    assert "Wann? JJJJ-MM-TT HH:MM" in out and "Kampagne (Enter für keine)" in out
    assert "Bilddatei (Enter für keine)" in out
    assert not english_in(out), out
    typed = "Servus\nbsky, nirgends\n1\n2026-12-03 10:00\n\n\n"
    wrong = smmgen_de(root, "new", "--root", str(root), input=typed)
    assert "'nirgends' ist weder eine Nummer aus der Liste noch ein Account" in wrong.stdout


def test_new_from_issue_says_in_german_why_an_image_is_refused(
    repo: Repo, httpserver: HTTPServer
) -> None:
    from tests.helpers.form_github import UUID, FormGitHub, form_body, open_issue
    from tests.helpers.form_github import run as form_run

    repo.write("schedule.yaml", GERMAN)
    gh = FormGitHub(httpserver, login=None)
    httpserver.expect_request(re.compile(r"/api/v3/.*")).respond_with_handler(gh.handle)
    httpserver.expect_request(re.compile(r"/(user-attachments|elsewhere)/.*")).respond_with_handler(
        gh.serve_file
    )
    outputs = []
    for images in (
        f"![x](https://example.org/user-attachments/assets/{UUID})",
        f"![x]({gh.web}/user-attachments/assets/{UUID}0)",
        f"![x]({gh.attach(b'<html>kein Bild</html>')})",
    ):
        number = open_issue(gh, form_body(images=images, alt="Ein Bild"))
        result = form_run(gh, "new", "--from-issue", str(number))
        assert result.exit_code == 2, result.output
        outputs.append(result.output)
    out = "\n".join(outputs)
    assert "ist kein GitHub-Anhang; zieh das Bild ins Formular" in out
    assert "konnte nicht heruntergeladen werden (404)" in out
    assert "ist kein Bild (JPEG, PNG, GIF oder WebP)" in out
    assert not english_in(out), out


def test_github_cost_is_german(tmp_path: Path) -> None:
    root = german_repo(tmp_path / "repo")
    workflow = root / ".github" / "workflows" / "publish.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text('on:\n  schedule:\n    - cron: "*/5 * * * *"\njobs: {}\n', "utf-8")
    done = smmgen_de(root, "github", "cost")
    out = done.stdout + done.stderr
    assert done.returncode == 1, out  # over the free minutes, as in English
    assert "= 2016 Läufe pro Woche" in out and "publish (Zeitplan)" in out
    assert "Minuten: ÜBER den 2.000 von GitHub Free" in out  # German thousands separator
    assert "Keine active_hours in schedule.yaml; rund um die Slot-Zeiten" in out
    assert "alle 20 Minuten" in out and "Pünktlichkeit:" in out
    assert not english_in(out), out
    data = json.loads(smmgen_de(root, "github", "cost", "--format", "json").stdout)
    assert data["jobs"][0]["job"] == "publish (schedule)"  # JSON values stay as they are


def test_init_in_german_writes_german_examples(tmp_path: Path) -> None:
    dest = tmp_path / "social"
    done = smmgen_de(tmp_path, "init", "--language", "de", str(dest))
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    welcome = (dest / "content" / "examples" / "welcome.md").read_text("utf-8")
    assert "Hallo aus unserem neuen **Social-Media-Repository**!" in welcome
    assert "Unsere Social-Media-Posts" in (dest / "README.md").read_text("utf-8")
    template = (dest / ".github" / "pull_request_template.md").read_text("utf-8")
    assert "## Worum geht es in diesem Post?" in template
    assert not english_in(out + welcome + template), out
    check = smmgen_de(tmp_path, "check", "--root", str(dest), "--no-cache")
    assert check.returncode == 0, check.stdout + check.stderr  # the German example is valid
    english = tmp_path / "english"
    assert smmgen_de(tmp_path, "init", "--language", "en", str(english)).returncode == 0
    assert "Hello from our new" in (english / "content/examples/welcome.md").read_text("utf-8")


def test_init_in_german_explains_the_plan_and_the_forms_in_german(tmp_path: Path) -> None:
    """The files a German team reads first: schedule.yaml's comments, the post-idea form,
    the templates' README; the plan itself is the English one (only the label and the
    blackout's reason differ)."""
    import yaml

    written = {}
    for language in ("de", "en"):
        dest = tmp_path / language
        done = subprocess.run(
            [sys.executable, "-m", "smmgen", "init", "--language", language, str(dest)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        written[language] = dest
    de = written["de"]
    schedule = (de / "schedule.yaml").read_text("utf-8")
    assert "# schedule.yaml – der Redaktionsplan" in schedule
    assert "Der Krisenschalter" in schedule
    form = (de / ".github/ISSUE_TEMPLATE/post-idea.yml").read_text("utf-8")
    assert "Idee für einen Post" in form
    readme = (de / "templates/README.md").read_text("utf-8")
    assert readme.startswith("# Textvorlagen")
    comments = "\n".join(line for line in schedule.splitlines() if line.startswith("#"))
    assert not english_in(comments + form + readme)
    plan_de = yaml.safe_load(schedule)
    plan_en = yaml.safe_load((written["en"] / "schedule.yaml").read_text("utf-8"))
    assert plan_de["blackout"][0].pop("reason") == "Weihnachten"
    assert plan_en["blackout"][0].pop("reason") == "Christmas"
    assert (plan_de["disclosure"], plan_en["disclosure"]) == ("#Anzeige", "#ad")
    for plan in (plan_de, plan_en):
        del plan["disclosure"], plan["ui_language"]
    assert plan_de == plan_en
    en_form = yaml.safe_load((written["en"] / ".github/ISSUE_TEMPLATE/post-idea.yml").read_text())
    de_form = yaml.safe_load(form)
    assert [f.get("id") for f in de_form["body"]] == [f.get("id") for f in en_form["body"]]
    assert de_form["labels"] == en_form["labels"] == ["post-idea"]


def test_the_editor_schemas_describe_every_key_in_german(tmp_path: Path) -> None:
    env = {**os.environ, "LANG": "de_DE.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    schemas = {}
    for kind in ("front-matter", "schedule"):
        for language in ("de", "en"):
            done = subprocess.run(
                [sys.executable, "-m", "smmgen", "schema", kind, "--language", language],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
            )
            schemas[kind, language] = json.loads(done.stdout)
    front = schemas["front-matter", "de"]
    assert front["description"].startswith("Die Einstellungen zwischen den beiden")
    assert front["properties"]["status"]["description"].startswith("ready oder draft")
    assert schemas["front-matter", "en"]["properties"]["slot"]["description"] == (
        "a slot name from schedule.yaml; the post joins that slot's queue"
    )
    # The structure is the same in both languages: only descriptions differ.
    for kind in ("front-matter", "schedule"):
        assert _without_descriptions(schemas[kind, "de"]) == _without_descriptions(
            schemas[kind, "en"]
        )
    described = [d for k in ("front-matter", "schedule") for d in _descriptions(schemas[k, "de"])]
    assert len(described) > 100
    assert not english_in("\n".join(described)), described
    # Without --language: the environment's (here German).
    plain = subprocess.run(
        [sys.executable, "-m", "smmgen", "schema", "schedule"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(plain.stdout) == schemas["schedule", "de"]


def _descriptions(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["description"]] if isinstance(node.get("description"), str) else []
        return own + [d for v in node.values() for d in _descriptions(v)]
    if isinstance(node, list):
        return [d for v in node for d in _descriptions(v)]
    return []


def _without_descriptions(node: object) -> object:
    if isinstance(node, dict):
        return {k: _without_descriptions(v) for k, v in node.items() if k != "description"}
    if isinstance(node, list):
        return [_without_descriptions(v) for v in node]
    return node


def test_fix_explains_an_image_repair_in_german_with_german_numbers(tmp_path: Path) -> None:
    root = german_repo(tmp_path / "repo")
    make_image(root / "content/foto.png", (1200, 900), noisy=True)  # 1.2 MB: over Bluesky's
    (root / "content/p.md").write_text(
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\nmedia:\n"
        "  - path: foto.png\n    alt: Ein Foto\n---\n\nHallo\n",
        "utf-8",
    )
    listed = smmgen_de(root, "fix", "--check")
    out = listed.stdout + listed.stderr
    assert listed.returncode == 1, out
    repair = r"Bild „content/foto\.png“ \([\d.]+ Bytes > 1\.000\.000\) → „content/foto-smmgen\."
    assert re.search(repair, out), out
    done = smmgen_de(root, "fix")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"\+\+\+ neue Datei content/foto-smmgen\.\w+ \([\d.]+ Bytes\)", done.stdout)
    assert not english_in(out + done.stdout + done.stderr), out


def test_build_refuses_an_unsafe_output_folder_in_german(tmp_path: Path) -> None:
    root = german_repo(tmp_path / "repo")
    done = smmgen_de(root, "build", "--out", str(root))
    out = done.stdout + done.stderr
    assert done.returncode == 2, out
    assert "ist das Repository" in out and "gib also mit --out einen eigenen Ordner an" in out
    above = smmgen_de(root / "content", "build", "--root", str(root), "--out", str(tmp_path))
    assert "ein Ordner über dem Repository" in above.stdout + above.stderr, above.stderr
    assert not english_in(out), out
