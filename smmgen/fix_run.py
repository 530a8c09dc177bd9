"""`smmgen fix` over a repository: which files, what changes, and writing them."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .fix import Repair, TextFix, fix_post_text, fix_yaml_text
from .fix_images import ImageFix, needs, plan_image_fix, repoint
from .model import Schedule
from .yamlsrc import YamlError, load_yaml

YAML_FILES = ("schedule.yaml", "people.yaml")


@dataclass(frozen=True)
class FileResult:
    """One file: its text before and after, the repairs, and what stays for a person."""

    path: str  # repository-relative
    before: bytes
    after: bytes
    repairs: tuple[Repair, ...]
    images: tuple[ImageFix, ...] = ()
    unfixable: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether anything would be written."""
        return self.after != self.before or bool(self.images)


def targets(root: Path, paths: list[Path]) -> list[Path]:
    """The files to repair: the given ones, or schedule.yaml, people.yaml and every post."""
    from .repo import post_files

    if not paths:
        own = [root / name for name in YAML_FILES if (root / name).is_file()]
        return own + post_files(root)
    yaml_files = [p for p in paths if p.suffix in (".yaml", ".yml") and p.is_file()]
    others = [p for p in paths if p not in yaml_files]
    return [p.resolve() for p in yaml_files] + (post_files(root, others) if others else [])


def fix_file(root: Path, file: Path, schedule: Schedule | None) -> FileResult:
    """What `smmgen fix` does to one file (nothing is written here)."""
    from .repo import rel_path

    rel = rel_path(root, file)
    before = file.read_bytes()
    try:
        text = before.decode("utf-8")
    except UnicodeDecodeError:
        return FileResult(rel, before, before, (), (), ("the file is not UTF-8; save it as UTF-8",))
    is_post = file.suffix == ".md"
    fixed: TextFix = fix_post_text(text) if is_post else fix_yaml_text(text)
    unfixable = [fixed.unfixable] if fixed.unfixable else []
    repairs = list(fixed.repairs)
    out = fixed.text
    images: list[ImageFix] = []
    if is_post and not unfixable:
        out, images, left = _fix_images(root, rel, out, schedule)
        unfixable += left
        repairs += [Repair(i.line, i.what) for i in images]
    elif not unfixable:
        left_error = _yaml_error(out)
        if left_error:
            unfixable.append(left_error)
    if is_post and not unfixable:
        left_error = _front_matter_error(out)
        if left_error:
            unfixable.append(left_error)
    return FileResult(rel, before, out.encode("utf-8"), tuple(repairs), tuple(images),
                      tuple(unfixable))  # fmt: skip


def _fix_images(
    root: Path, rel: str, text: str, schedule: Schedule | None
) -> tuple[str, list[ImageFix], list[str]]:
    from .content import read_post

    if schedule is None:
        return text, [], []
    post, _ = read_post(root, root / rel, text.encode("utf-8"))
    if post is None:
        return text, [], []
    done: list[ImageFix] = []
    left: list[str] = []
    for ref, need in needs(post, schedule).values():
        planned = plan_image_fix(root, ref, need)
        if planned is None:
            continue
        if isinstance(planned, str):
            left.append(f"line {ref.line}: {planned}")
            continue
        moved = repoint(text, rel, planned)
        if moved is None:
            left.append(f"line {ref.line}: cannot find where '{ref.path}' is named")
            continue
        text = moved
        done.append(planned)
    return text, done, left


def _yaml_error(text: str) -> str | None:
    loaded = load_yaml(text.lstrip("\ufeff"))
    return f"line {loaded.line}: {loaded.message}" if isinstance(loaded, YamlError) else None


def _front_matter_error(text: str) -> str | None:
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None  # not YAML's business: check says what is missing
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return None
    loaded = load_yaml("\n".join(lines[1:end]), line_offset=1)
    return f"line {loaded.line}: {loaded.message}" if isinstance(loaded, YamlError) else None


def write(root: Path, result: FileResult) -> None:
    """Write the new images (never over an existing file), then the file, atomically."""
    for image in result.images:
        path = root / image.target
        if path.exists():
            continue  # the same bytes (plan_image_fix reuses only an identical file)
        _atomic(path, image.data, exclusive=True)
    if result.after != result.before:
        _atomic(root / result.path, result.after)


def _atomic(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".smmgen-fix-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if exclusive:
            os.link(tmp, path)  # fails if the file appeared meanwhile: never overwrite
            os.unlink(tmp)
        else:
            os.chmod(tmp, path.stat().st_mode & 0o777)
            os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
