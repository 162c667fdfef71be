"""Compile every locale's django.po to django.mo with polib (no GNU gettext needed at install)."""

from __future__ import annotations

from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "dieuhanh"


def main() -> None:
    # The project's catalogue and each app's own (apps with a locale/ folder keep their strings).
    for po_path in sorted(PACKAGE.glob("**/locale/*/LC_MESSAGES/django.po")):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(PACKAGE)}")


if __name__ == "__main__":
    main()
