"""corslint's own sources compile without warnings: an invalid escape sequence in a
docstring is a DeprecationWarning today and a SyntaxError in a later Python."""
import warnings
from pathlib import Path

import corslint

PACKAGE = Path(corslint.__file__).parent


def test_sources_compile_without_warnings():
    noisy = []
    for path in sorted(PACKAGE.rglob("*.py")):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                compile(path.read_text(encoding="utf-8"), str(path), "exec")
            except (SyntaxError, Warning) as exc:
                noisy.append(f"{path.relative_to(PACKAGE)}: {exc}")
    assert noisy == []
