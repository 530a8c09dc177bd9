"""Test-only fault injection: kill a smmgen process (SIGKILL) at a chosen point of a send.

The test suite puts this folder first on ``PYTHONPATH`` (see ``conftest.py``), so
Python loads this module at start-up in every process the tests start. It does
nothing unless ``SMMGEN_FAULT`` names a fault; then it wraps each adapter class
smmgen loads for sending or retracting, and the wrapper kills the process:

- ``before-lookup``: as an unfinished attempt is about to be looked up
  (``find_existing``);
- ``before-send``: as the send starts (the ``attempt`` claim is on disk);
- ``after-send``: after the network took the post, before it is recorded;
- ``after-delete``: after ``retract`` deleted the post, before it is recorded.

The product itself knows nothing of this: the wrapper sits between smmgen and
the real adapter, exactly where a crash of the runner would hit.
"""

from __future__ import annotations

import os
import signal
from typing import Any

FAULTS = ("before-lookup", "before-send", "after-send", "after-delete")


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def faulty(cls: type[Any], fault: str) -> type[Any]:
    """A subclass of the adapter class ``cls`` that dies at ``fault``."""

    class Faulty(cls):  # type: ignore[misc, valid-type]
        def find_existing(self, request: Any) -> Any:
            if fault == "before-lookup":
                _die()
            return super().find_existing(request)

        def send(self, request: Any) -> Any:
            if fault == "before-send":
                _die()
            result = super().send(request)
            if fault == "after-send":
                _die()
            return result

        def delete(self, request: Any) -> Any:
            result = super().delete(request)
            if fault == "after-delete":
                _die()
            return result

    Faulty.__name__ = Faulty.__qualname__ = f"Faulty{cls.__name__}"
    return Faulty


def _install(fault: str) -> None:
    if fault not in FAULTS:
        raise SystemExit(f"SMMGEN_FAULT={fault!r}: not one of {', '.join(FAULTS)}")
    import smmgen.sending as sending

    real = sending.adapter_class

    def adapter_class(network: str) -> Any:
        cls = real(network)
        return None if cls is None else faulty(cls, fault)

    # Before any other module (retract) imports the name from smmgen.sending.
    sending.adapter_class = adapter_class


if os.environ.get("SMMGEN_FAULT"):
    _install(os.environ["SMMGEN_FAULT"])
