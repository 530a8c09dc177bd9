"""What a fresh Python process has imported after running one smmgen command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def modules_after(root: Path, *argv: str) -> set[str]:
    """The names in ``sys.modules`` after ``smmgen argv`` ran in ``root`` (its own process:
    what a command imports is what a user waits for)."""
    code = (
        "import sys\nfrom smmgen.cli import main\n"
        f"try:\n    main({list(argv)!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    return set(out.stdout.splitlines()[-1].split())
