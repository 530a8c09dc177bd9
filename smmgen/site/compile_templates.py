"""``python -m smmgen.site.compile_templates``: compile the site's templates into the package.

Run after changing a template in smmgen/site/templates (see
:mod:`smmgen.site.precompiled`); tests/test_site_templates.py fails until then.
"""

from __future__ import annotations

from .builder import make_env
from .precompiled import COMPILED, compile_into


def main() -> None:
    """Compile every site template into ``smmgen/site/compiled``."""
    compile_into(make_env(compiled=False), COMPILED)


if __name__ == "__main__":
    main()
