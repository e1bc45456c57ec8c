#!/usr/bin/env python3
"""figures_check.py GRADFLOW TMPDIR - the vector figures and animations
checked from outside, as a slide tool sees them: the same command gives the
same bytes (SVG, PDF, GIF); the SVG parses as XML, carries its title and
caption, and renders (rsvg-convert) to the PNG's picture within a stated
tolerance; the PDF's text extracts (pdftotext) with the activation names,
Korean included. Tools that are missing fail the check: they are part of
what is promised."""
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib

GRADFLOW, TMP = sys.argv[1], sys.argv[2]
TMP = os.path.join(TMP, "figures-check")
shutil.rmtree(TMP, ignore_errors=True)
os.makedirs(TMP)

# Two measures of |SVG - PNG| in 0..255: the mean over every pixel and
# channel, and the share of 8 x 8 blocks whose means differ by more than 16
# in a channel. Glyphs and the edges of lines and discs are rasterised
# differently (hinted SDL_ttf against unhinted outlines, SDL's triangles
# against cairo's and librsvg's antialiasing), which the block means average
# out; a shifted, missing or miscoloured panel shows in both.
MEAN_TOLERANCE = 4.0
BLOCK = 8
BLOCK_TOLERANCE = 0.015

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(args, cwd):
    r = subprocess.run([GRADFLOW, "--headless"] + args, cwd=cwd, capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr)
    return r.returncode == 0


def read_png(path):
    """8-bit RGB or RGBA, non-interlaced (what gradflow and rsvg-convert write): (w, h, rows of RGB bytes)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, (path, depth, ctype)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        rgb = line if bpp == 3 else bytearray(v for i, v in enumerate(line) if i % 4 != 3)
        rows.append(rgb)
    return w, h, rows


def compare(a, b):
    wa, ha, ra = read_png(a)
    wb, hb, rb = read_png(b)
    assert (wa, ha) == (wb, hb), (a, wa, ha, b, wb, hb)
    total = 0
    bw, bh = wa // BLOCK, ha // BLOCK
    sums = [[0, 0, 0] for _ in range(bw * bh)]
    for y in range(ha):
        la, lb = ra[y], rb[y]
        row = (y // BLOCK) * bw if y // BLOCK < bh else None
        for x in range(wa):
            for k in range(3):
                d = la[3 * x + k] - lb[3 * x + k]
                total += abs(d)
                if row is not None and x // BLOCK < bw:
                    sums[row + x // BLOCK][k] += d
    far = sum(1 for s in sums if max(abs(v) for v in s) > 16 * BLOCK * BLOCK)
    return total / (wa * ha * 3), far / len(sums)


def same_bytes(name, args):
    """name drawn twice by the same command in two folders: the same bytes."""
    paths = []
    for sub in ("one", "two"):
        d = os.path.join(TMP, sub)
        os.makedirs(d, exist_ok=True)
        if not run(args + [name], d):
            return None
        paths.append(os.path.join(d, name))
    check(open(paths[0], "rb").read() == open(paths[1], "rb").read(), "same command, same bytes: " + name)
    return paths[0]


common = ["--steps", "300"]
svg = same_bytes("f.svg", common + ["--screenshot"])
pdf = same_bytes("f.pdf", common + ["--screenshot"])
png_dir = os.path.join(TMP, "png")
os.makedirs(png_dir)
check(run(common + ["--screenshot", "f.png"], png_dir), "the PNG is drawn")

if svg:
    root = ET.parse(svg).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    title, desc = root.find(ns + "title"), root.find(ns + "desc")
    check(title is not None and title.text == "gradflow: sigmoid vs ReLU", "SVG <title>: %r" % (title is not None and title.text))
    check(desc is not None and desc.text.startswith("sigmoid vs ReLU · spiral") and "step 300" in desc.text,
          "SVG <desc>: %r" % (desc is not None and desc.text))
    rendered = os.path.join(TMP, "svg.png")
    subprocess.run(["rsvg-convert", "-w", "1920", "-h", "1080", svg, "-o", rendered], check=True)
    mean, far = compare(rendered, os.path.join(png_dir, "f.png"))
    print("     SVG rendered against the PNG: mean difference %.2f of 255 (tolerance %.1f), %.2f%% of %dx%d blocks"
          " off by more than 16 (tolerance %.2f%%)" % (mean, MEAN_TOLERANCE, 100 * far, BLOCK, BLOCK,
                                                     100 * BLOCK_TOLERANCE))
    check(mean < MEAN_TOLERANCE and far < BLOCK_TOLERANCE, "the SVG renders to the PNG's picture")

if pdf:
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    check("sigmoid" in text and "ReLU" in text, "PDF text has the activation names")
    # the heat maps drawn blocky, as in the window, the decision maps smoothed
    raw = open(pdf, "rb").read()
    check(raw.count(b"/Interpolate false") == 2 and raw.count(b"/Interpolate true") == 2,
          "PDF images: two heat maps unsmoothed, two decision maps smoothed")
ko = os.path.join(TMP, "ko")
os.makedirs(ko)
if run(common + ["--lang", "ko", "--left", "tanh", "--screenshot", "ko.pdf"], ko):
    text = subprocess.run(["pdftotext", os.path.join(ko, "ko.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    check("기울기" in text and "ReLU" in text, "Korean PDF text extracts")

# The animation: the same command, the same bytes; its frames and size as asked
# (the header's logical screen, and one image descriptor per frame).
gif = same_bytes("a.gif", ["--steps", "40", "--size", "640x360", "--frames", "5", "--animate"])


def gif_frames(data):
    """Image descriptors in a GIF with no global palette, walking its blocks."""
    pos, frames = 13, 0
    while pos < len(data) and data[pos] != 0x3B:
        if data[pos] == 0x21:    # extension: label, then sub-blocks
            pos += 2
        else:                    # image: descriptor, local palette, LZW code size, sub-blocks
            assert data[pos] == 0x2C, pos
            flags = data[pos + 9]
            pos += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0) + 1
            frames += 1
        while data[pos]:
            pos += data[pos] + 1
        pos += 1
    return frames


if gif:
    data = open(gif, "rb").read()
    w, h = struct.unpack("<HH", data[6:10])
    check(data[:6] == b"GIF89a" and (w, h) == (640, 360), "GIF header: %r %dx%d" % (data[:6], w, h))
    check(gif_frames(data) == 5, "GIF frames: %d of 5" % gif_frames(data))

sys.exit(1 if failures else 0)
