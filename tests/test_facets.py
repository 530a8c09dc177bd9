"""Bluesky facets: UTF-8 byte offsets, hand-worked and against @atproto/api's RichText."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from smmgen.markdown_text import LinkSpan, short_url
from smmgen.networks.bluesky_facets import Facet, detect

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "build" / "npm" / "node_modules"  # installed by .ci/run


def test_offsets_are_utf8_bytes_after_umlauts_and_emoji() -> None:
    text = "Grüße 🧡 #Bergwerk @anna.bsky.social https://example.com/ä"
    facets = detect(text)
    # "Grüße " = 8 bytes (ü, ß: 2 each), "🧡 " = 5 bytes: the tag starts at byte 13.
    assert facets == (
        Facet(13, 22, "tag", "Bergwerk"),
        Facet(23, 40, "mention", "anna.bsky.social"),
        Facet(41, 63, "link", "https://example.com/ä"),
    )
    raw = text.encode("utf-8")
    assert raw[13:22] == b"#Bergwerk"
    assert raw[23:40] == b"@anna.bsky.social"
    assert raw[41:63].decode() == "https://example.com/ä"  # 21 characters, ä takes 2 bytes


def test_zwj_emoji_and_cjk_before_a_link() -> None:
    text = "👨‍👩‍👧 日本 https://example.org."
    (link,) = detect(text)
    # 👨‍👩‍👧 is 5 code points, 18 bytes; "日本" 6 bytes; two spaces.
    assert (link.start, link.end, link.value) == (26, 45, "https://example.org")


def test_trailing_punctuation_and_brackets() -> None:
    text = "(siehe https://example.com/a_(b)) und https://example.com/x), #tag! #123 #Anzeige."
    got = [(f.kind, f.value) for f in detect(text)]
    assert got == [
        ("link", "https://example.com/a_(b))"),  # contains "(": only the "." rule applies
        ("link", "https://example.com/x"),  # "," stripped, then the unbalanced ")"
        ("tag", "tag"),
        ("tag", "Anzeige"),
    ]


def test_explicit_links_win_over_detection() -> None:
    text = "Mehr im Shop: example.com/firn-pro..."
    facets = detect(text, [LinkSpan(14, 37, "https://example.com/firn-pro?utm_source=bluesky")])
    assert facets == (Facet(14, 37, "link", "https://example.com/firn-pro?utm_source=bluesky"),)


def test_mentions_need_a_domain_handle() -> None:
    assert detect("@anna hi @anna@mastodon.social") == ()
    assert [f.value for f in detect("hi @bob.test and (@anna.bsky.social)")] == [
        "bob.test",
        "anna.bsky.social",
    ]


def test_record_shape_and_did_resolution() -> None:
    f = Facet(0, 17, "mention", "anna.bsky.social")
    assert f.record() == {
        "index": {"byteStart": 0, "byteEnd": 17},
        "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "anna.bsky.social"}],
    }
    assert f.record("did:plc:abc")["features"][0]["did"] == "did:plc:abc"


def test_short_url_like_the_bluesky_app() -> None:
    assert short_url("https://bergwerk-outdoor.de/") == "bergwerk-outdoor.de"
    assert short_url("https://example.com/abc?x=1") == "example.com/abc?x=1"
    assert (
        short_url("https://bergwerk-outdoor.de/ratgeber/zwiebelprinzip")
        == "bergwerk-outdoor.de/ratgeber/zwi..."
    )
    assert short_url("http://Example.COM:8080/a") == "example.com:8080/a"


# --- Cross-check against the real library -----------------------------------------------------

SAMPLES = [
    "Grüße 🧡 #Bergwerk @anna.bsky.social https://example.com/ä",
    "👨‍👩‍👧 日本 https://example.org.",
    "#Anzeige Hüttenzauber-Verlosung 🫖🧡\n\nTeilnahmebedingungen: https://bergwerk-outdoor.de/verlosung",
    "(siehe https://example.com/a_(b)) und https://example.com/x), #tag! #123 #Anzeige.",
    "hi @bob.test and (@anna.bsky.social), @anna@mastodon.social",
    "Mehr: bergwerk-outdoor.de/firn-pro und example.com! ＃全角 #café_au_lait #emoji🧡",
    "Ünïcödé 🇩🇪 #DE #️⃣ #a‍b https://x.example.com/?q=ä#frag;",
    "Line one\n#second line https://example.com/path\n@alice.example.com",
    "$AAPL and $GOOG, (test.com) https://e.com/(x)",
]


def _node_facets(texts: list[str]) -> list[list[dict[str, object]]]:
    script = """
const {RichText} = require('@atproto/api');
const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = texts.map((text) => {
  const rt = new RichText({text});
  rt.detectFacetsWithoutResolution();
  return (rt.facets || []).map((f) => ({index: f.index, features: f.features}));
});
process.stdout.write(JSON.stringify(out));
"""
    node = shutil.which("node")
    assert node is not None
    result = subprocess.run(
        [node, "-e", script],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=NODE_MODULES.parent,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _key(facet: dict[str, object]) -> str:
    return json.dumps(facet, sort_keys=True, ensure_ascii=False)


@pytest.mark.skipif(
    shutil.which("node") is None or not (NODE_MODULES / "@atproto" / "api").is_dir(),
    reason="node or @atproto/api not installed (.ci/run installs it into build/npm)",
)
def test_same_facets_as_atproto_richtext() -> None:
    expected = _node_facets(SAMPLES)
    for text, theirs in zip(SAMPLES, expected, strict=True):
        ours = [f.record() for f in detect(text)]
        for f in theirs:  # their link features carry no "$type" on the facet itself
            f.pop("$type", None)
        assert sorted(map(_key, ours)) == sorted(map(_key, theirs)), text
