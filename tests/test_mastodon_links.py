"""Which links Mastodon counts as 23 characters: only those its own extractor links.

Mastodon measures a status with twitter-text's URL extraction plus its overrides
(config/initializers/twitter_regex.rb): schemes http, https, dat, dweb, ipfs, ipns,
ssb, gopher and gemini, a scheme required, a known TLD required. Anything else is
counted as the text it is, and a post we thought fits is refused with 422.
"""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from smmgen.model import Account
from smmgen.networks.mastodon import Mastodon, countable_text, url_spans

MASTO = Account(
    "masto", "mastodon", {"instance": "https://mastodon.social", "token_env": "T"}, line=1
)
COUNT = Mastodon().count


def test_a_link_on_an_unknown_tld_counts_as_written() -> None:
    text = "https://example.notarealtld/some/long/path/here"
    assert COUNT(text, MASTO) == len(text)


def test_ip_addresses_and_other_schemes_count_as_written() -> None:
    for text in ("https://127.0.0.1/status/page", "ftp://files.example.com/a/b/c/d"):
        assert COUNT(text, MASTO) == len(text), text


def test_mastodons_extra_schemes_count_23() -> None:
    for scheme in ("gemini", "gopher", "ipfs", "dat"):
        assert COUNT(f"{scheme}://example.com/a/long/document/path", MASTO) == 23, scheme


def test_a_link_without_scheme_is_text() -> None:
    text = "example.com/a/long/document/path"
    assert COUNT(text, MASTO) == len(text)


def test_the_links_end_follows_mastodons_path_rules() -> None:
    # A closing curly quote is part of the link for Mastodon (not for X); a
    # straight quote, a full stop and a bracket are not.
    assert countable_text("“https://example.com/kaffee”.") == "“" + "x" * 23 + "."
    assert countable_text("'https://example.com/kaffee'.") == "'" + "x" * 23 + "'."
    assert countable_text("(https://de.wikipedia.org/wiki/Kaffee_(Getränk))") == (
        "(" + "x" * 23 + ")"
    )


def test_utm_queries_stay_inside_the_link() -> None:
    text = "Jetzt https://shop.example.de/p?utm_source=mastodon&utm_campaign=herbst_2026 !"
    assert countable_text(text) == "Jetzt " + "x" * 23 + " !"


def test_a_mention_inside_a_link_is_part_of_the_link() -> None:
    assert countable_text("@anna@example.social https://example.com/@anna") == ("@anna " + "x" * 23)


_LABEL = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=12)
_PATH = st.text(string.ascii_letters + string.digits + "/_-", max_size=30)


@given(
    labels=st.lists(_LABEL, min_size=1, max_size=3),
    tld=st.sampled_from(["com", "de", "social", "notatld", "co", "xyz", "zz"]),
    path=_PATH,
    before=st.sampled_from(["", "(", "“", "'", "x"]),
    after=st.sampled_from(["", ".", ")", "!", "’", "'", ").", "x"]),
    scheme=st.sampled_from(["https://", "http://", "HTTPS://"]),
)
def test_the_fast_path_finds_what_the_full_extractor_finds(
    labels: list[str], tld: str, path: str, before: str, after: str, scheme: str
) -> None:
    text = f"a {before}{scheme}{'.'.join(labels)}.{tld}/{path}{after} b"
    assert url_spans(text) == url_spans(text, shortcut=False)


def test_a_tco_link_ends_after_its_slug_and_a_too_long_slug_is_text() -> None:
    # twitter-text's t.co rule, which Mastodon's extractor keeps.
    assert countable_text("https://t.co/abc123/extra") == "x" * 23 + "/extra"
    assert COUNT("https://t.co/" + "a" * 40, MASTO) == 23
    assert COUNT("https://t.co/" + "a" * 41, MASTO) == 13 + 41


def test_a_link_longer_than_4096_units_is_text() -> None:
    url = "https://example.com/"
    assert COUNT(url + "a" * (4096 - len(url)), MASTO) == 23
    assert COUNT(url + "a" * (4097 - len(url)), MASTO) == 4097
    # The same with a query, which the plain-link fast path leaves to the full extractor.
    query = "https://example.com/?q="
    assert COUNT(query + "a" * (4096 - len(query)), MASTO) == 23
    assert COUNT(query + "a" * (4097 - len(query)), MASTO) == 4097


def test_max_characters_must_be_a_positive_number() -> None:
    for value, limit in ((1000, 1000), (1, 1), (0, 500), (-5, 500), (True, 500)):
        settings = {"instance": "https://mastodon.social", "token_env": "T"}
        account = Account("m", "mastodon", {**settings, "max_characters": value}, line=1)
        assert Mastodon().limits(account).text.max == limit, value
