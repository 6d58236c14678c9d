#!/usr/bin/env python3
"""Checks that a PNG screenshot is not blank, with a tiny decoder (zlib only, no PIL).

usage: png_check.py FILE.png
Prints the size, the number of distinct colours and the share of pixels that differ from the
most common (background) colour; exit 1 when the page looks blank (under 16 colours or under 2%).
"""
import struct, sys, zlib

data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width = 8, b"", 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    chunk = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
        assert depth == 8 and ctype in (2, 6) and interlace == 0, f"unsupported PNG (depth {depth}, type {ctype})"
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += chunk
    pos += 12 + length
raw = zlib.decompress(idat)
stride = width * bpp
prev = bytearray(stride)
counts = {}
i = 0
for _ in range(height):
    f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
    for x in range(0, stride, bpp * 2):  # every second pixel is plenty
        key = bytes(line[x:x + 3])
        counts[key] = counts.get(key, 0) + 1
    prev = line
total = sum(counts.values())
background = max(counts.values())
ink = 1 - background / total
print(f"{width}x{height}, {len(counts)} distinct colours, {ink:.1%} non-background pixels")
sys.exit(0 if len(counts) >= 16 and ink >= 0.02 else 1)
