"""Before Instagram or Threads fetch a post's images by URL: are they there yet?

Those networks download each image from ``media_base_url`` when the container
is created; an image that is not deployed yet (GitHub Pages takes a minute or
two after a merge) makes the container fail. The publish run therefore asks
each address first — without any credential, it is a public URL — and waits a
bounded time; if an image still does not answer, nothing is sent and the next
run tries again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from .i18n import _

INTERVAL = 10.0  # seconds between two looks
ASK_TIMEOUT = 10.0  # seconds for one look


def first_missing(urls: Sequence[str]) -> str | None:
    """Why the first image that is not publicly there is missing, or None when all are."""
    import httpx

    with httpx.Client(follow_redirects=True, timeout=ASK_TIMEOUT) as client:
        for url in urls:
            try:
                answer = client.head(url)
                if answer.status_code == 405:  # a server that only answers GET
                    with client.stream("GET", url) as streamed:
                        answer = streamed
            except httpx.HTTPError as exc:
                return _("{url} does not answer ({error})").format(
                    url=url, error=type(exc).__name__
                )
            if answer.status_code != 200:
                return _("{url} answers HTTP {status}").format(url=url, status=answer.status_code)
            kind = answer.headers.get("content-type", "")
            if not kind.startswith("image/"):
                return _("{url} is not an image ({kind})").format(
                    url=url, kind=kind or _("no content type")
                )
    return None


def wait_until_public(
    urls: Sequence[str],
    wait: float,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> str | None:
    """Look until every URL answers with an image, for at most ``wait`` seconds.

    Returns None when all are there, else why the last look failed.
    """
    deadline = clock() + wait
    while True:
        missing = first_missing(urls)
        if missing is None or clock() + INTERVAL > deadline:
            return missing
        sleep(INTERVAL)
