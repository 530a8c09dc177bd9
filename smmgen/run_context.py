"""What one publishing run works with: the loaded repository and how to run.

Below both :mod:`smmgen.publish` (which plans, claims and pushes) and
:mod:`smmgen.sending` (which sends one claimed post), so that neither has to
import the other to know these shapes.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .ledger import key_of

if TYPE_CHECKING:
    from .model import Post, Schedule
    from .render import Rendered, Renderer


@dataclass
class Context:
    """Everything loaded from the repository for planning."""

    root: Path
    schedule: Schedule
    posts: list[Post]
    invalid: dict[str, list[str]]  # post path -> its check errors, as report lines
    renderer: Renderer
    added: dict[str, dt.datetime]

    def rendered(self, post: Post, account: str) -> Rendered:
        """The post as it goes out on ``account``."""
        result = self.renderer.render(post, account)
        assert result is not None  # the plan only lists known accounts
        return result

    def key(self, post: Post, account: str) -> str:
        """The content key of the post on ``account``."""
        return key_of(self.rendered(post, account))


@dataclass
class Options:
    """How to run; ``sleep`` and ``environ`` are injected so tests neither wait nor leak."""

    at: dt.datetime
    dry_run: bool = False
    only: Collection[str] = ()
    posts: Collection[str] = ()  # only these post ids (a fast reply); empty: every post
    commit: bool = False
    init_ledger: bool = False  # the ledger branch vanished: start an empty one on purpose
    include_missed: Collection[str] = ()
    resend: Collection[str] = ()
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    sleep: Callable[[float], None] = time.sleep
    progress: Callable[[str], None] = lambda line: None
