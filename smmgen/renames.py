"""Posts renamed or moved after they were published: the same post, not a new one.

A post's id is its path, and the ledger is keyed by (post id, account), so a
``git mv`` would make a published post due again. A ledger record whose post
file is gone (an *orphan*) is matched with the posts that have no record on
that account: rendered as if they still had the old id, a post with the same
content key as the orphan's record is that post under its new name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .i18n import _
from .ledger import Record, Status, content_key, content_of
from .problems import Problem, warning

if TYPE_CHECKING:
    from .model import Post
    from .render import Renderer

    # The content keys of a post on an account, rendered as if its id were each old id.
    KeysAs = Callable[[Post, str, Sequence[str]], dict[str, str]]


def keys_as(renderer: Renderer) -> KeysAs:
    """:data:`KeysAs` through ``renderer``: two renders per post and account at most,
    unless the text itself contains the id (a template or UTM parameter using it)."""

    def content(post: Post, account: str, old_id: str) -> dict[str, Any] | None:
        rendered = renderer.render(dataclasses.replace(post, id=old_id), account)
        return content_of(rendered) if rendered is not None else None

    def keys(post: Post, account: str, old_ids: Sequence[str]) -> dict[str, str]:
        first = content(post, account, old_ids[0])
        if first is None:
            return {}
        same = len(old_ids) == 1 or content(post, account, old_ids[1]) == first
        out: dict[str, str] = {}
        for old_id in old_ids:
            mine = first if same else content(post, account, old_id)
            if mine is not None:
                out[old_id] = content_key(old_id, account, mine)
        return out

    return keys


def find_renamed(
    posts: Sequence[Post], statuses: Mapping[tuple[str, str], Status], keys: KeysAs
) -> dict[tuple[str, str], Record]:
    """(post id, account) → the published record of the old id it went out as."""
    ids = {p.id for p in posts}
    orphans: dict[str, dict[str, Record]] = {}
    for (post_id, account), status in statuses.items():
        if status.published is not None and post_id not in ids:
            orphans.setdefault(account, {})[post_id] = status.published
    found: dict[tuple[str, str], Record] = {}
    if not orphans:
        return found  # the usual case: nothing is rendered
    for post in posts:
        if post.status != "ready":
            continue  # a draft is never sent, renamed or not
        for account in post.networks:
            mine = statuses.get((post.id, account))
            if account not in orphans or (mine is not None and mine.published is not None):
                continue
            olds = orphans[account]
            for old_id, key in keys(post, account, sorted(olds)).items():
                if key == olds[old_id].key:
                    found[(post.id, account)] = olds[old_id]
                    break
    return found


def renamed_problems(
    root: Path, records: Sequence[Record], files: Sequence[str] | None = None
) -> list[Problem]:
    """``post/renamed-published`` warnings for ``smmgen check`` (line 1 of each renamed post).

    ``files``: every post file, if the caller has listed them already.
    """
    from .ledger import fold
    from .repo import post_id, post_paths, rel_path

    statuses = fold(records)
    if all(s.published is None for s in statuses.values()):
        return []
    files = post_paths(root) if files is None else files
    ids = {post_id(rel_path(root, Path(f))) for f in files}
    if all(s.published is None or p in ids for (p, _account), s in statuses.items()):
        return []  # no published post has lost its file: nothing to read or render
    # Only now: a check with nothing renamed need not load the pipeline.
    from .content import read_post
    from .render import Renderer
    from .repo import SCHEDULE_FILE
    from .schedule import read_schedule

    schedule, _found = read_schedule(root, root / SCHEDULE_FILE)
    if schedule is None:
        return []
    posts = [post for post in (read_post(root, Path(f))[0] for f in files) if post is not None]
    renamed = find_renamed(posts, statuses, keys_as(Renderer(root, schedule)))
    paths = {p.id: p.path for p in posts}
    return [
        warning(
            paths[new_id],
            1,
            "post/renamed-published",
            _(
                "this post went out on {account} as {post} ({value}) and was "
                "renamed or moved since: it counts as published and is not "
                "sent again. To send it as a new post, change its text as "
                "well"
            ).format(account=account, post=old.post, value=old.url or old.remote_id or old.event),
            account=account,
        )
        for (new_id, account), old in sorted(renamed.items())
    ]
