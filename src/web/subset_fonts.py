#!/usr/bin/env python3
"""subset_fonts.py SOURCE_ROOT OUTDIR FONT.ttf... - the Korean fonts cut
down to the characters gradflow can show, for the browser build's page.

Nanum Gothic's two faces are 9 MB together, more than the page may weigh;
the program uses a few hundred of their eleven thousand Hangul syllables.
Every character in the program's sources (its interface strings) and in
its lessons is kept, then checked: each one the full font has must be in
the cut-down font, or this fails.
"""
import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTFont


def used_characters(root):
    chars = set(chr(c) for c in range(0x20, 0x7F))
    paths = [p for p in (root / "src").rglob("*") if p.suffix in (".c", ".h")]
    paths += list((root / "assets" / "lessons").glob("*.txt"))
    for path in paths:
        chars.update(path.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable()}


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__.strip().splitlines()[0])
    root, outdir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    chars = used_characters(root)
    for font_path in map(pathlib.Path, sys.argv[3:]):
        full = TTFont(font_path)
        wanted = {c for c in chars if ord(c) in full.getBestCmap()}
        options = subset.Options()
        options.name_IDs = ["*"]        # keep the copyright and licence records
        options.name_languages = ["*"]
        options.notdef_outline = True
        # Visual TrueType's sources: for editing the hints, not for drawing.
        options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]
        sub = subset.Subsetter(options)
        sub.populate(unicodes=[ord(c) for c in wanted])
        sub.subset(full)
        out = outdir / font_path.name
        full.save(out)
        kept = TTFont(out).getBestCmap()
        missing = sorted(c for c in wanted if ord(c) not in kept)
        if missing:
            sys.exit(f"{out}: lost {len(missing)} characters: {''.join(missing)}")
        hangul = sum(1 for c in wanted if "\uac00" <= c <= "\ud7a3")
        print(f"{out.name}: {len(wanted)} characters ({hangul} Hangul syllables), "
              f"{font_path.stat().st_size} -> {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
