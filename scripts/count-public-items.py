#!/usr/bin/env python3
"""Counts the public items of a crate's documentation: the entries of rustdoc's all.html
(structs, enums, traits, functions, type aliases, constants, macros; modules are not
entries there), so the size of the public API can be compared before and after a change.

Usage: scripts/count-public-items.py [CRATE] [--by-module]
Run `RUSTDOCFLAGS= cargo doc --no-deps -p CRATE` first (CRATE defaults to formwork; the
documentation is read from $CARGO_TARGET_DIR, else target/). Prints the count; with
--by-module, the count under each top-level module as well. Items that the crate
re-exports from another crate (formwork's `iam` module re-exports formwork-iam's typed
actions) are counted where rustdoc inlines them.
"""
import collections
import html
import os
import pathlib
import re
import sys


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    crate = (args[0] if args else "formwork").replace("-", "_")
    root = pathlib.Path(__file__).resolve().parent.parent
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", root / "target"))
    page = target / "doc" / crate / "all.html"
    if not page.is_file():
        print(f"{page} is missing: run `RUSTDOCFLAGS= cargo doc --no-deps -p {crate}` first", file=sys.stderr)
        return 2
    text = page.read_text(encoding="utf-8")
    items = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', text)
    print(len(items))
    if "--by-module" in sys.argv:
        counts = collections.Counter(
            href.split("/")[0] if "/" in href else "(crate root)" for href, _ in items
        )
        for module, n in counts.most_common():
            print(f"  {html.unescape(module)}: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
