"""Where ``smmgen build`` may write, and replacing the site there without harm.

The site folder is replaced on every build, so choosing it is dangerous: a
``--out .`` or a committed ``_site -> ../..`` link must never delete anything
but an earlier site. The rules: no symbolic link on the way (inside the
repository) or as the folder itself; never the repository, the working
directory, the home folder, ``/`` or a folder above one of them; and an
existing folder only if it is empty or carries the marker an earlier build
wrote. The new site is built in a temporary sibling and renamed into place;
the only tree ever deleted is the old, marked one. (A build that finds the
site it recorded there, holding no link, updates it in place instead:
:func:`smmgen.site.builder.update_site`.)
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..i18n import _

MARKER = ".smmgen-site"
MARKER_TEXT = (
    "Made by `smmgen build`. The next build replaces this whole folder;\n"
    "smmgen deletes only folders that carry this file.\n"
)
T = TypeVar("T")


def site_folder(repo: Path, out: Path | None, *, cwd: Path, home: Path) -> Path | str:
    """The folder to build into (absolute, links not resolved), or why not."""
    target = Path(os.path.abspath(cwd / out)) if out is not None else repo / "_site"
    shown = str(out) if out is not None else "_site"
    if target.is_relative_to(repo):
        # Inside the repository every folder may come from a pull request: a
        # link anywhere on the way could point the build at any folder.
        current = repo
        for part in target.relative_to(repo).parts:
            current = current / part
            if current.is_symlink():
                return _(
                    "{shown}: '{link}' is a symbolic link; smmgen never builds into or "
                    "through a link — remove the link, or pass --out with a folder of its own"
                ).format(shown=shown, link=current.relative_to(repo).as_posix())
    elif target.is_symlink():
        return _("{shown} is a symbolic link; pass --out with a real folder, not a link").format(
            shown=shown
        )
    # Each place as itself and as what lies above it: two texts, since German
    # declines the name ("das Repository", "ein Ordner über dem Repository").
    protected = (
        (repo, _("the repository"), _("a folder above the repository")),
        (cwd, _("the current folder"), _("a folder above the current folder")),
        (home, _("your home folder"), _("a folder above your home folder")),
    )
    for place, name, above in protected:
        for a, b in ((target, place), (_real(target), _real(place))):
            if a == b or b.is_relative_to(a):
                what = name if a == b else above
                return _(
                    "{shown} is {what} ({target}); smmgen replaces the whole output "
                    "folder, so pass --out with a folder of its own, e.g. --out _site"
                ).format(shown=shown, what=what, target=target)
    if target == Path(target.anchor):
        return _("{shown} is the root folder; pass --out with a folder of its own").format(
            shown=shown
        )
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return target
    except OSError as exc:
        return _("{shown}: cannot use it ({reason})").format(shown=shown, reason=exc.strerror)
    if not stat.S_ISDIR(st.st_mode):
        return _("{shown} exists and is not a folder; pass --out with a folder").format(shown=shown)
    if _made_by_smmgen(target) or not any(os.scandir(target)):
        return target
    return (
        f"{shown} ({target}) is not empty and was not made by smmgen build (it has no "
        f"{MARKER} file); smmgen replaces the output folder, so it will not touch this "
        "one — pass --out with a new or empty folder, or empty this one yourself"
    )


def replace_folder(target: Path, build: Callable[[Path], T]) -> T:
    """Run ``build`` on a new sibling folder of ``target``, then put it in ``target``'s place.

    ``target`` must have passed :func:`site_folder`. Only an old site (marked)
    or an empty folder is deleted, and only after the new one is complete.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        result = build(new)
        (new / MARKER).write_text(MARKER_TEXT, "utf-8")
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    try:
        os.rename(new, target)  # no old folder, or an empty one: one atomic step
        return result
    except OSError:
        pass
    # An old site: move it aside, move the new one in, then delete the old one.
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    moved = old / "site"
    try:
        os.rename(target, moved)
    except OSError:
        shutil.rmtree(new, ignore_errors=True)
        os.rmdir(old)
        raise
    try:
        os.rename(new, target)
    except OSError:
        os.rename(moved, target)  # put the old site back
        shutil.rmtree(new, ignore_errors=True)
        os.rmdir(old)
        raise
    _remove_old(old)
    return result


def _remove_old(old: Path) -> None:
    site = old / "site"
    if site.exists() and not site.is_symlink() and not _made_by_smmgen(site):
        return  # not ours after all (changed while we built): leave it for a person
    shutil.rmtree(old, ignore_errors=True)


def _made_by_smmgen(folder: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(folder / MARKER).st_mode)
    except OSError:
        return False


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))
