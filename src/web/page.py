#!/usr/bin/env python3
"""page.py SHELL.html GRADFLOW.js OUT.html - the browser build's one file.

The shell is the project's own page (emcc's -o page.html is not used: at
-O2 Debian's emscripten crashes in its HTML minifier); the JavaScript emcc
wrote, with the WebAssembly and the fonts inside it (-sSINGLE_FILE,
--embed-file), goes into it as an inline script, so the page needs nothing
beside it and works from file:// as from any web server.
"""
import pathlib
import sys

LIMIT = 8 * 1024 * 1024   # the page must stay small enough to mail and to open fast
MARK = "<!-- gradflow.js -->"


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[0])
    shell = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8")
    js = pathlib.Path(sys.argv[2]).read_text(encoding="utf-8")
    if shell.count(MARK) != 1:
        sys.exit(f"{sys.argv[1]}: expected one {MARK}")
    # Inside a script element only "</script" ends it; break any such text
    # (a string in the JavaScript) so the browser reads on.
    js = js.replace("</script", "<\\/script")
    page = shell.replace(MARK, "<script>\n" + js + "\n</script>")
    out = pathlib.Path(sys.argv[3])
    data = page.encode("utf-8")
    if len(data) > LIMIT:
        sys.exit(f"{out}: {len(data)} bytes, over the {LIMIT}-byte limit")
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(out)
    print(f"{out}: {len(data)} bytes")


if __name__ == "__main__":
    main()
