"""One-glyph font for U+24C8 (CIRCLED LATIN CAPITAL LETTER S), so the desk's "USDⓈ-M" renders where no installed
font has the glyph (Debian chromium with DejaVu/Liberation draws a box). The glyph is drawn here — a ring and a
stroked S made of two elliptic arcs — not taken from any font. Prints the TTF as base64 for desk.css's @font-face.

    python3 -m venv v && v/bin/pip install fonttools && v/bin/python server/tools/circled_s_font.py
"""
import base64
import io
import math

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

UPM = 1000
ADVANCE = 860
CX, CY = ADVANCE / 2, 330          # ring centre: the middle of the capitals
R_OUT, R_IN = 390, 338             # ring, 52 units thick
S_W, S_H, S_STROKE = 300, 430, 66  # the S inside it
STEPS = 48
ASCENT, DESCENT = 928, 236


def ring(radius, clockwise):
    pts = [(CX + radius * math.cos(t), CY + radius * math.sin(t))
           for t in (2 * math.pi * i / (2 * STEPS) for i in range(2 * STEPS))]
    return pts[::-1] if clockwise else pts


def s_centreline():
    rx, ry = S_W / 2, S_H / 4
    up, down = CY + ry, CY - ry
    pts = []
    # upper bowl: from the right end (20 deg) over the top and the left to its bottom (270 deg) = the S's middle
    for i in range(STEPS + 1):
        t = math.radians(25 + (270 - 25) * i / STEPS)
        pts.append((CX + rx * math.cos(t), up + ry * math.sin(t)))
    # lower bowl: from its top (90 deg) down the right side and the bottom to its left end (-155 deg)
    for i in range(1, STEPS + 1):
        t = math.radians(90 - (90 + 155) * i / STEPS)
        pts.append((CX + rx * math.cos(t), down + ry * math.sin(t)))
    return pts


def stroke(line, width):
    half = width / 2
    left, right = [], []
    for i, (x, y) in enumerate(line):
        x0, y0 = line[max(i - 1, 0)]
        x1, y1 = line[min(i + 1, len(line) - 1)]
        dx, dy = x1 - x0, y1 - y0
        n = math.hypot(dx, dy)
        nx, ny = -dy / n, dx / n
        left.append((x + nx * half, y + ny * half))
        right.append((x - nx * half, y - ny * half))
    return left + right[::-1]


def area(poly):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1])) / 2


def draw(pen, poly):
    pen.moveTo(tuple(round(v) for v in poly[0]))
    for p in poly[1:]:
        pen.lineTo(tuple(round(v) for v in p))
    pen.closePath()


def build():
    fb = FontBuilder(UPM, isTTF=True)
    fb.setupGlyphOrder([".notdef", "circledS"])
    fb.setupCharacterMap({0x24C8: "circledS"})
    notdef = TTGlyphPen(None).glyph()
    pen = TTGlyphPen(None)
    draw(pen, ring(R_OUT, clockwise=True))
    draw(pen, ring(R_IN, clockwise=False))
    s = stroke(s_centreline(), S_STROKE)
    draw(pen, s if area(s) < 0 else s[::-1])   # clockwise: filled
    fb.setupGlyf({".notdef": notdef, "circledS": pen.glyph()})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "circledS": (ADVANCE, 40)})
    # the vertical metrics of DejaVu Sans (1901/2048, 483/2048), Debian's sans-serif: listed first in the page's
    # fonts, this face sets the line metrics, and with these the page's lines stand where they did without it
    fb.setupHorizontalHeader(ascent=ASCENT, descent=-DESCENT, lineGap=0)
    fb.setupNameTable({"familyName": "PG Circled S", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=ASCENT, sTypoDescender=-DESCENT, sTypoLineGap=0, usWinAscent=ASCENT, usWinDescent=DESCENT)
    fb.setupPost()
    buf = io.BytesIO()
    fb.save(buf)
    return buf.getvalue()


if __name__ == "__main__":
    print(base64.b64encode(build()).decode())
