"""The Bluesky adapter against a real local PDS: what lands in the repo, exactly once."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PIL import Image

from smmgen.adapters import load
from smmgen.adapters.base import MediaFile, SendError
from smmgen.adapters.bluesky import Bluesky, record_key
from smmgen.markdown_text import LinkSpan, short_url
from smmgen.model import Account
from smmgen.networks.bluesky_facets import detect
from tests.helpers.content_repo import make_image

if TYPE_CHECKING:
    from tests.helpers.pds import LocalPds, PdsAccount
from tests.helpers.bluesky_pds import PW_ENV, adapter, blob, make_request, records, ref

pytest_plugins = ["tests.helpers.pds", "tests.helpers.bluesky_pds"]  # `pds` (a real PDS), `user`

TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")


def reply_refs(rec: dict[str, Any]) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """(root, parent) of a post's reply field, or None for a top-level post."""
    reply = rec["value"].get("reply")
    return None if reply is None else (ref(reply["root"]), ref(reply["parent"]))


def test_record_keys_are_valid_deterministic_tids() -> None:
    keys = {record_key(f"key-{n}", part) for n in range(200) for part in range(3)}
    assert len(keys) == 600
    assert all(TID.match(k) for k in keys)
    assert record_key("abc", 1) == record_key("abc", 1) != record_key("abc", 2)


def test_load_finds_the_adapter() -> None:
    assert load("bluesky") is Bluesky


def test_single_post_lands_once_with_text_time_langs_and_facets(
    pds: LocalPds, user: PdsAccount
) -> None:
    bsky = adapter(pds.url, user, langs=["de", "en"])
    text = "Größer 🎉 als gedacht: https://example.com/launch. Danke @" + user.handle + " #smmgen"
    before = dt.datetime.now(dt.UTC)
    req = make_request("k-single", text)

    result = bsky.send(req)

    [rec] = records(pds, user)
    value = rec["value"]
    rkey = record_key("k-single", 0)
    assert rec["uri"] == result.remote_id == f"at://{user.did}/app.bsky.feed.post/{rkey}"
    assert result.url == f"https://bsky.app/profile/{user.handle}/post/{rkey}"
    assert value["text"] == text
    created = dt.datetime.fromisoformat(value["createdAt"])
    assert before - dt.timedelta(seconds=1) <= created <= dt.datetime.now(dt.UTC)
    assert value["langs"] == ["de", "en"]
    raw = text.encode()
    spans = {
        f["features"][0]["$type"].split("#")[1]: raw[
            f["index"]["byteStart"] : f["index"]["byteEnd"]
        ].decode()
        for f in value["facets"]
    }
    assert spans == {
        "link": "https://example.com/launch",
        "mention": "@" + user.handle,
        "tag": "#smmgen",
    }
    mention = next(f for f in value["facets"] if f["features"][0]["$type"].endswith("#mention"))
    assert mention["features"][0]["did"] == user.did


def test_the_post_language_replaces_the_account_langs(pds: LocalPds, user: PdsAccount) -> None:
    bsky = adapter(pds.url, user, langs=["de"])
    bsky.send(make_request("k-lang", "Hello from the mountains", language="en"))
    [rec] = records(pds, user)
    assert rec["value"]["langs"] == ["en"]


def test_rendered_facets_are_sent_as_given(pds: LocalPds, user: PdsAccount) -> None:
    """A shortened URL links to the full one only through the rendered facet."""
    full = "https://example.com/ratgeber/zwiebelprinzip-im-winter"
    shown = short_url(full)
    text = f"Lies: {shown} 🧅"
    start = text.index(shown)
    facets = detect(text, [LinkSpan(start, start + len(shown), full)])
    req = replace(make_request("k-short", text), facets=(facets,))

    adapter(pds.url, user).send(req)

    [rec] = records(pds, user)
    [facet] = rec["value"]["facets"]
    assert facet["features"][0]["uri"] == full
    index = facet["index"]
    assert text.encode()[index["byteStart"] : index["byteEnd"]].decode() == shown


def test_image_is_uploaded_with_alt_and_aspect_ratio(
    pds: LocalPds, user: PdsAccount, tmp_path: Path
) -> None:
    path = make_image(tmp_path / "photo.png", (640, 360))
    media = (MediaFile(path, "A red square on a white table", "image/png"),)

    adapter(pds.url, user).send(make_request("k-image", "With a picture", media=media))

    [rec] = records(pds, user)
    [image] = rec["value"]["embed"]["images"]
    assert rec["value"]["embed"]["$type"] == "app.bsky.embed.images"
    assert image["alt"] == "A red square on a white table"
    assert (image["aspectRatio"]["width"], image["aspectRatio"]["height"]) == (640, 360)
    assert image["image"]["mimeType"] == "image/png"
    assert blob(pds, user, image["image"]["ref"]["$link"]) == path.read_bytes()


def test_oversize_image_is_reencoded_and_accepted(
    pds: LocalPds, user: PdsAccount, tmp_path: Path
) -> None:
    path = make_image(tmp_path / "noise.png", (900, 700), noisy=True)
    assert path.stat().st_size > 1_000_000
    media = (MediaFile(path, "Static", "image/png"),)

    adapter(pds.url, user).send(make_request("k-big", "Noise", media=media))

    [rec] = records(pds, user)
    [image] = rec["value"]["embed"]["images"]
    assert image["image"]["mimeType"] == "image/jpeg"
    assert image["image"]["size"] <= 1_000_000
    data = blob(pds, user, image["image"]["ref"]["$link"])
    with Image.open(io.BytesIO(data)) as sent:
        assert sent.format == "JPEG"
        ratio = image["aspectRatio"]
        assert (ratio["width"], ratio["height"]) == (sent.width, sent.height)
        assert abs(sent.width / sent.height - 900 / 700) < 0.01


def test_the_server_really_refuses_oversize_images(
    pds: LocalPds, user: PdsAccount, tmp_path: Path
) -> None:
    """The premise of re-encoding: the same PNG sent as-is is rejected by the PDS."""
    from atproto import Client, models
    from atproto_client.exceptions import BadRequestError

    path = make_image(tmp_path / "noise.png", (900, 700), noisy=True)
    client = Client(base_url=pds.url)
    client.login(user.handle, user.password, fetch_bsky_profile=False)
    uploaded = client.com.atproto.repo.upload_blob(path.read_bytes()).blob
    record = models.AppBskyFeedPost.Record(
        text="raw",
        created_at=client.get_current_time_iso(),
        embed=models.AppBskyEmbedImages.Main(
            images=[models.AppBskyEmbedImages.Image(alt="", image=uploaded)]
        ),
    )
    with pytest.raises(BadRequestError, match="blob too big"):
        client.com.atproto.repo.create_record(
            {"repo": user.did, "collection": "app.bsky.feed.post", "record": record}
        )


def test_thread_is_a_reply_chain(pds: LocalPds, user: PdsAccount) -> None:
    result = adapter(pds.url, user).send(
        make_request("k-thread", "one 1/3", "two 2/3", "three 3/3")
    )

    by_text = {r["value"]["text"]: r for r in records(pds, user)}
    first, second, third = (by_text[t] for t in ("one 1/3", "two 2/3", "three 3/3"))
    assert result.remote_id == first["uri"]
    assert reply_refs(first) is None
    assert reply_refs(second) == (ref(first), ref(first))
    assert reply_refs(third) == (ref(first), ref(second))
    assert [r["uri"].rsplit("/", 1)[1] for r in (first, second, third)] == [
        record_key("k-thread", i) for i in range(3)
    ]


def test_sending_twice_makes_one_post_and_find_existing_sees_it(
    pds: LocalPds, user: PdsAccount
) -> None:
    req = make_request("k-once", "Only once")
    assert adapter(pds.url, user).find_existing(req) is None

    first = adapter(pds.url, user).send(req)
    again = adapter(pds.url, user).send(req)  # a new run: a fresh adapter and login

    assert again == first
    assert adapter(pds.url, user).find_existing(req) == first
    assert [r["value"]["text"] for r in records(pds, user)] == ["Only once"]


def test_a_thread_cut_short_is_completed_not_duplicated(pds: LocalPds, user: PdsAccount) -> None:
    req = make_request("k-cut", "first", "second")
    bsky = adapter(pds.url, user)
    # An earlier run died after the first part: only that record exists.
    adapter(pds.url, user).send(make_request("k-cut", "first"))
    assert bsky.find_existing(req) is None

    result = bsky.send(req)

    assert sorted(r["value"]["text"] for r in records(pds, user)) == ["first", "second"]
    assert bsky.find_existing(req) == result


def test_a_taken_record_key_counts_as_sent(pds: LocalPds, user: PdsAccount) -> None:
    """The PDS answers a second create at one key with HTTP 500; that is success."""
    bsky = adapter(pds.url, user)
    result = bsky.send(make_request("k-race", "raced"))
    record = bsky._record("raced", (), None, None)

    ref = bsky._create(record_key("k-race", 0), record)  # what a racing second run does

    assert ref.uri == result.remote_id
    assert len(records(pds, user)) == 1


def test_wrong_password_is_a_clear_final_error_without_the_secret(
    pds: LocalPds, user: PdsAccount
) -> None:
    account = Account(
        "bsky", "bluesky", {"handle": user.handle, "password_env": PW_ENV, "service": pds.url}, 1
    )
    wrong = "wrong-" + user.password
    with pytest.raises(SendError) as caught:
        Bluesky(account, {"password_env": wrong}).send(make_request("k-auth", "x"))
    message = str(caught.value)
    assert not caught.value.retryable
    assert "$" + PW_ENV in message
    assert wrong not in message and user.password not in message


def test_missing_password_names_the_variable(user: PdsAccount) -> None:
    bsky = adapter("http://127.0.0.1:9", user)
    bsky.secrets = {}
    with pytest.raises(SendError, match=r"\$BSKY_TEST_PASSWORD") as caught:
        bsky.send(make_request("k-nopw", "x"))
    assert not caught.value.retryable


def test_unreachable_server_is_retryable(user: PdsAccount) -> None:
    with pytest.raises(SendError) as caught:
        # The discard port: nothing listens there.
        adapter("http://127.0.0.1:9", user).send(make_request("k-down", "x"))
    assert caught.value.retryable
    assert user.password not in str(caught.value)


def test_delete_takes_every_part_of_a_thread_down_and_can_be_repeated(
    pds: LocalPds, user: PdsAccount
) -> None:
    """smmgen retract on the real PDS: deleteRecord for each part, found by the derived keys."""
    from smmgen.adapters.base import DeleteRequest

    other = pds.create_account("uretractother")
    theirs = adapter(pds.url, other).send(make_request("their-key", "Not ours."))
    bsky = adapter(pds.url, user)
    sent = bsky.send(make_request("thread-key", "Part one.", "Part two.", "Part three."))
    assert len(sent.parts) == 3 and sent.parts[0] == sent.remote_id
    kept = bsky.send(make_request("other-key", "Another post."))
    assert len(records(pds, user)) == 4

    # The ledger may know only part 1 (a send from before parts were recorded).
    request = DeleteRequest(
        key="thread-key", post_id="2026/launch", account=bsky.account, remote_ids=(sent.remote_id,)
    )
    adapter(pds.url, user).delete(request)
    assert [r["uri"] for r in records(pds, user)] == [kept.remote_id]
    adapter(pds.url, user).delete(request)  # a retraction cut short is simply done again
    assert [r["uri"] for r in records(pds, user)] == [kept.remote_id]
    assert [r["uri"] for r in records(pds, other)] == [theirs.remote_id]

    foreign = DeleteRequest(
        key="nothing", post_id="x", account=bsky.account, remote_ids=(theirs.remote_id,)
    )
    with pytest.raises(SendError, match="not a post of this account"):
        adapter(pds.url, user).delete(foreign)
    assert [r["uri"] for r in records(pds, other)] == [theirs.remote_id]
