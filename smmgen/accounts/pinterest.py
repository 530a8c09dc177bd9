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

from ..i18n import N_, _
from ..model import Account
from . import Access
from .net import Answer, call


def _message(answer: Answer) -> str:
    return str(answer.data.get("message") or f"HTTP {answer.status}")[:300]


def inspect(account: Account, secrets: Mapping[str, str]) -> Access:
    """The token's validity, the board, and whether Pins can be read."""
    base = str(account.settings.get("api_base") or "https://api.pinterest.com").rstrip("/")
    auth = {"Authorization": f"Bearer {secrets['token_env']}"}
    me = call("GET", f"{base}/v5/user_account", what=N_("reading the account"), headers=auth)
    if me.status == 401:
        return Access(False, _("the token is refused: {said}").format(said=_message(me)))
    if me.status != 200:
        return Access(False, _("reading the account failed: {said}").format(said=_message(me)))
    board_id = str(account.settings["board_id"])
    board = call("GET", f"{base}/v5/boards/{board_id}", what=N_("reading the board"), headers=auth)
    if board.status == 404:
        missing = _("board {board_id} does not exist for this account; check board_id")
        return Access(False, missing.format(board_id=board_id))
    user = me.data.get("username", "?")
    if board.status != 200:
        why = _("needs {scopes}").format(scopes=f"boards:read ({_message(board)})")
        valid = _("token valid (@{acct})").format(acct=user)
        return Access(True, valid, probed={"publish": (False, why)})
    pins = call("GET", f"{base}/v5/boards/{board_id}/pins", what=N_("reading the board's Pins"),
                params={"page_size": "1"}, headers=auth)  # fmt: skip
    needs = _("needs {scopes}").format(scopes=f"pins:read ({_message(pins)})")
    lookup = (True, "") if pins.status == 200 else (False, needs)
    board_name = board.data.get("name", board_id)
    return Access(
        True,
        _("token valid (@{acct}, board '{board}')").format(acct=user, board=board_name),
        probed={"lookup": lookup},
    )
