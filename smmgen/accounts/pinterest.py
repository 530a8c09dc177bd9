"""Pinterest API v5: the user account, the board, and a read of the board's Pins.

Pinterest does not list a token's scopes, so harmless reads decide:
``GET /v5/user_account`` (a refused token: 401), ``GET /v5/boards/{board_id}``
(``boards:read``; 404: no such board for this account) and
``GET /v5/boards/{board_id}/pins?page_size=1`` (``pins:read``, what the crash
lookup needs). ``pins:write`` cannot be tried without creating a Pin
(https://developers.pinterest.com/docs/api/v5/).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Account
from . import Access
from .net import Answer, call


def _message(answer: Answer) -> str:
    return str(answer.data.get("message") or f"HTTP {answer.status}")[:300]


def inspect(account: Account, secrets: Mapping[str, str]) -> Access:
    """The token's validity, the board, and whether Pins can be read."""
    base = str(account.settings.get("api_base") or "https://api.pinterest.com").rstrip("/")
    auth = {"Authorization": f"Bearer {secrets['token_env']}"}
    me = call("GET", f"{base}/v5/user_account", what="reading the account", headers=auth)
    if me.status == 401:
        return Access(False, f"the token is refused: {_message(me)}")
    if me.status != 200:
        return Access(False, f"reading the account failed: {_message(me)}")
    board_id = str(account.settings["board_id"])
    board = call("GET", f"{base}/v5/boards/{board_id}", what="reading the board", headers=auth)
    if board.status == 404:
        return Access(False, f"board {board_id} does not exist for this account; check board_id")
    user = me.data.get("username", "?")
    if board.status != 200:
        why = f"needs boards:read ({_message(board)})"
        return Access(True, f"token valid (@{user})", probed={"publish": (False, why)})
    pins = call("GET", f"{base}/v5/boards/{board_id}/pins", what="reading the board's Pins",
                params={"page_size": "1"}, headers=auth)  # fmt: skip
    lookup = (True, "") if pins.status == 200 else (False, f"needs pins:read ({_message(pins)})")
    return Access(
        True,
        f"token valid (@{user}, board '{board.data.get('name', board_id)}')",
        probed={"lookup": lookup},
    )
