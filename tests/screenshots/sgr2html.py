#!/usr/bin/env python3
"""Turns a terminal capture with SGR colour sequences (`tmux capture-pane -e
-p`) into a standalone HTML page that looks like the terminal: a fixed cell
grid in "DejaVu Sans Mono", East-Asian wide characters as two cells, every
attribute tmux emits (bold, dim, italic, underline, blink, reverse, hidden,
strike-through; 8/16/256/true-colour foreground and background).

    sgr2html.py [--cols N] [--rows N] [--title T] [--light] [-o OUT] [IN]

Python standard library only. The page measures its own frame and writes
the size into <title> as "WxH" when opened with ?measure, so a screenshot
can use the exact window size (see run.sh).
"""

import argparse
import html
import sys
import unicodedata

# Frame colours and the 16 base colours. The dark set is what most dark
# terminal profiles look like; the light one keeps the same hues but darker,
# so yellow or cyan text stays readable on white.
SCHEMES = {
    "dark": {
        "fg": (0xd4, 0xd4, 0xd4),
        "bg": (0x1e, 0x1e, 0x1e),
        "bar": (0x32, 0x32, 0x32),
        "bar_fg": (0xb0, 0xb0, 0xb0),
        "palette": [
            "000000", "cd3131", "0dbc79", "e5e510", "2472c8", "bc3fbc", "11a8cd", "e5e5e5",
            "666666", "f14c4c", "23d18b", "f5f543", "3b8eea", "d670d6", "29b8db", "ffffff",
        ],
    },
    "light": {
        "fg": (0x1e, 0x1e, 0x1e),
        "bg": (0xfb, 0xfb, 0xf8),
        "bar": (0xdd, 0xdd, 0xdd),
        "bar_fg": (0x44, 0x44, 0x44),
        "palette": [
            "000000", "c91b00", "00a600", "a68a00", "0451a5", "b200b2", "0598bc", "e5e5e5",
            "686868", "e6372e", "14ce14", "b5ba00", "3b78ff", "d338d3", "00a5c2", "ffffff",
        ],
    },
}

DIM_MIX = 0.55  # how much of the foreground a dim cell keeps


def _rgb(hexstr):
    return (int(hexstr[0:2], 16), int(hexstr[2:4], 16), int(hexstr[4:6], 16))


def palette_rgb(n, base16):
    """The RGB of xterm colour n (0-255): 16 base colours, a 6x6x6 cube,
    then 24 greys."""
    if n < 16:
        return _rgb(base16[n])
    if n < 232:
        n -= 16
        levels = (0, 95, 135, 175, 215, 255)
        return (levels[n // 36], levels[(n // 6) % 6], levels[n % 6])
    g = 8 + 10 * (n - 232)
    return (g, g, g)


def cell_width(ch):
    """Terminal cells taken by one character: 2 for East-Asian wide and
    full-width characters, 0 for combining marks and joiners, else 1."""
    cp = ord(ch)
    if cp == 0x200d or 0xfe00 <= cp <= 0xfe0f or cp == 0x200b:
        return 0
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me"):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    return 1


class Style:
    """The SGR state: colours are None (terminal default), ("p", n) for a
    palette index or ("rgb", r, g, b)."""

    __slots__ = ("fg", "bg", "bold", "dim", "italic", "underline", "blink",
        "reverse", "hidden", "strike", "overline")

    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None
        self.bg = None
        self.bold = self.dim = self.italic = self.underline = False
        self.blink = self.reverse = self.hidden = self.strike = False
        self.overline = False

    def key(self):
        return tuple(getattr(self, s) for s in self.__slots__)

    def copy(self):
        s = Style()
        for a in self.__slots__:
            setattr(s, a, getattr(self, a))
        return s


def _split_params(body):
    """SGR parameters: ';' separates parameters, ':' sub-parameters (both
    forms of 38;2;R;G;B and 38:2::R:G:B exist). Empty means 0."""
    out = []
    for part in body.split(";"):
        subs = part.split(":")
        out.append([int(x) if x.isdigit() else None for x in subs])
    return out or [[None]]


def _colour(params, i):
    """Reads an extended colour (38/48/58) starting at params[i]; returns
    (colour or None, next index)."""
    p = params[i]
    if len(p) > 1:  # colon form: 38:5:N or 38:2:[cs]:R:G:B
        sub = p[1:]
        if sub and sub[0] == 5 and len(sub) >= 2 and sub[1] is not None:
            return ("p", sub[1] & 0xff), i + 1
        if sub and sub[0] == 2:
            rgb = [x or 0 for x in sub[1:]]
            rgb = rgb[-3:] if len(rgb) >= 3 else (rgb + [0, 0, 0])[:3]
            return ("rgb", *(min(v, 255) for v in rgb)), i + 1
        return None, i + 1
    kind = params[i + 1][0] if i + 1 < len(params) else None
    if kind == 5 and i + 2 < len(params):
        return ("p", (params[i + 2][0] or 0) & 0xff), i + 3
    if kind == 2 and i + 4 < len(params):
        rgb = [min(params[i + k][0] or 0, 255) for k in (2, 3, 4)]
        return ("rgb", *rgb), i + 5
    return None, len(params)


def apply_sgr(style, body):
    params = _split_params(body)
    i = 0
    while i < len(params):
        p = params[i]
        n = p[0] or 0
        if n == 0:
            style.reset()
        elif n == 1:
            style.bold = True
        elif n == 2:
            style.dim = True
        elif n == 3:
            style.italic = True
        elif n == 4:
            # 4:0 turns underline off; 4:1..4:5 are underline styles
            style.underline = not (len(p) > 1 and p[1] == 0)
        elif n in (5, 6):
            style.blink = True
        elif n == 7:
            style.reverse = True
        elif n == 8:
            style.hidden = True
        elif n == 9:
            style.strike = True
        elif n == 21:
            style.underline = True
        elif n == 22:
            style.bold = style.dim = False
        elif n == 23:
            style.italic = False
        elif n == 24:
            style.underline = False
        elif n == 25:
            style.blink = False
        elif n == 27:
            style.reverse = False
        elif n == 28:
            style.hidden = False
        elif n == 29:
            style.strike = False
        elif 30 <= n <= 37:
            style.fg = ("p", n - 30)
        elif n == 38:
            c, i = _colour(params, i)
            style.fg = c if c else style.fg
            continue
        elif n == 39:
            style.fg = None
        elif 40 <= n <= 47:
            style.bg = ("p", n - 40)
        elif n == 48:
            c, i = _colour(params, i)
            style.bg = c if c else style.bg
            continue
        elif n == 49:
            style.bg = None
        elif n == 53:
            style.overline = True
        elif n == 55:
            style.overline = False
        elif n == 58:  # underline colour: not drawn, but skip its arguments
            _, i = _colour(params, i)
            continue
        elif 90 <= n <= 97:
            style.fg = ("p", n - 90 + 8)
        elif 100 <= n <= 107:
            style.bg = ("p", n - 100 + 8)
        i += 1


def parse(text):
    """Splits a capture into rows of cells [char, width, Style]. The SGR
    state runs on across rows, as it does in a terminal (tmux does not
    repeat it at the start of each row). Escape sequences other than SGR,
    and control characters, are dropped."""
    rows = []
    row = []
    style = Style()
    cur = style.copy()
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\x1b":
            i += 1
            if i >= n:
                break
            intro = text[i]
            if intro == "[":
                j = i + 1
                while j < n and not ("\x40" <= text[j] <= "\x7e"):
                    j += 1
                if j < n and text[j] == "m":
                    apply_sgr(style, text[i + 1:j])
                    cur = style.copy()
                i = j + 1
            elif intro in "]PX^_":  # OSC, DCS...: up to BEL or ST
                j = i + 1
                while j < n and text[j] != "\x07" and not (text[j] == "\x1b" and j + 1 < n and text[j + 1] == "\\"):
                    j += 1
                i = j + (1 if j < n and text[j] == "\x07" else 2)
            else:
                i += 1
            continue
        i += 1
        if ch == "\n":
            rows.append(row)
            row = []
            continue
        if ch == "\t":
            col = sum(c[1] for c in row)
            for _ in range(8 - col % 8):
                row.append([" ", 1, cur])
            continue
        if ord(ch) < 0x20 or ord(ch) == 0x7f or 0x80 <= ord(ch) < 0xa0:
            continue
        w = cell_width(ch)
        if w == 0:
            if row:
                row[-1][0] += ch
            continue
        row.append([ch, w, cur])
    if row:
        rows.append(row)
    return rows


def _hex(rgb):
    return "#%02x%02x%02x" % rgb


def _mix(a, b, t):
    return tuple(round(x * t + y * (1 - t)) for x, y in zip(a, b))


def resolve(style, scheme):
    """CSS declarations for a style against a colour scheme."""
    base = scheme["palette"]

    def rgb(c, default):
        if c is None:
            return default
        if c[0] == "p":
            return palette_rgb(c[1], base)
        return tuple(c[1:4])

    fg = rgb(style.fg, scheme["fg"])
    bg = rgb(style.bg, scheme["bg"])
    bg_set = style.bg is not None
    if style.reverse:
        fg, bg = bg, fg
        bg_set = True
    if style.dim:
        fg = _mix(fg, bg, DIM_MIX)
    if style.hidden:
        fg = bg
    decl = []
    if fg != scheme["fg"]:
        decl.append("color:" + _hex(fg))
    if bg_set:
        decl.append("background:" + _hex(bg))
    if style.bold:
        decl.append("font-weight:bold")
    if style.italic:
        decl.append("font-style:italic")
    lines = []
    if style.underline:
        lines.append("underline")
    if style.strike:
        lines.append("line-through")
    if style.overline:
        lines.append("overline")
    if lines:
        decl.append("text-decoration:" + " ".join(lines))
    return ";".join(decl)


def _cell_html(ch, w):
    """ASCII goes into the row as it is; anything else sits in a box of
    exactly one or two cells and at most one em high, so a glyph from a
    fallback font (or a wide character whose font is not exactly twice as
    wide) can neither shift the rest of the row nor make the row taller."""
    if w == 1 and " " <= ch <= "~":
        return html.escape(ch, quote=False)
    cls = "w" if w == 2 else "c"
    return '<span class="%s">%s</span>' % (cls, html.escape(ch, quote=False))


def render_rows(rows, cols, nrows, scheme):
    out = []
    blank = Style()
    for r in range(nrows):
        cells = list(rows[r]) if r < len(rows) else []
        used = sum(c[1] for c in cells)
        if used < cols:
            cells.extend([[" ", 1, blank]] * (cols - used))
        parts = []
        run_css = None
        run = []

        def flush():
            if not run:
                return
            text = "".join(run)
            parts.append('<span style="%s">%s</span>' % (run_css, text) if run_css else text)

        for ch, w, st in cells:
            css = resolve(st, scheme)
            if css != run_css:
                flush()
                run = []
                run_css = css
            run.append(_cell_html(ch, w))
        flush()
        out.append("".join(parts))
    return "\n".join(out)


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
html, body {{ margin: 0; padding: 0; background: transparent; }}
.frame {{ display: inline-block; background: {bg}; border-radius: 8px; overflow: hidden;
  vertical-align: top; }}
.bar {{ background: {bar}; color: {bar_fg}; height: 26px; line-height: 26px; position: relative;
  font: 13px "DejaVu Sans", sans-serif; text-align: center; white-space: nowrap; }}
.dots {{ position: absolute; left: 12px; top: 8px; }}
.dots i {{ display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 6px; }}
pre {{ margin: 0; padding: 8px 10px 10px 10px; color: {fg}; background: {bg};
  font-family: "DejaVu Sans Mono", monospace; font-size: {font_size}px; line-height: normal;
  font-variant-ligatures: none; font-kerning: none; }}
pre .c, pre .w {{ display: inline-block; text-align: center; overflow: visible;
  text-decoration: inherit; height: 1em; line-height: 1em; }}
pre .c {{ width: 1ch; }}
pre .w {{ width: 2ch; }}
</style></head>
<body><div class="frame" id="frame"><div class="bar"><span class="dots"><i style="background:#ff5f57"></i><i style="background:#febc2e"></i><i style="background:#28c840"></i></span>{title}</div><pre>{body}</pre></div>
<script>
if (location.search.indexOf("measure") >= 0) {{
  var r = document.getElementById("frame").getBoundingClientRect();
  document.title = Math.ceil(r.width) + "x" + Math.ceil(r.height);
}}
</script>
</body></html>
"""


def convert(text, cols=None, nrows=None, title="vdktop", light=False, font_size=14):
    rows = parse(text)
    while rows and nrows is None and not rows[-1]:
        rows.pop()
    if cols is None:
        cols = max([sum(c[1] for c in r) for r in rows] or [80])
    if nrows is None:
        nrows = len(rows)
    scheme = SCHEMES["light" if light else "dark"]
    body = render_rows(rows, cols, nrows, scheme)
    return PAGE.format(title=html.escape(title), bg=_hex(scheme["bg"]), fg=_hex(scheme["fg"]),
        bar=_hex(scheme["bar"]), bar_fg=_hex(scheme["bar_fg"]), font_size=font_size, body=body)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", nargs="?", help="capture file (default stdin)")
    ap.add_argument("-o", "--output", help="HTML file (default stdout)")
    ap.add_argument("--cols", type=int, help="terminal width (default: widest row)")
    ap.add_argument("--rows", type=int, help="terminal height (default: rows in the input)")
    ap.add_argument("--title", default="vdktop", help="window title")
    ap.add_argument("--light", action="store_true", help="light terminal background")
    ap.add_argument("--font-size", type=int, default=14)
    a = ap.parse_args(argv)
    if a.input:
        with open(a.input, encoding="utf-8", errors="replace") as f:
            text = f.read()
    else:
        text = sys.stdin.read()
    page = convert(text, a.cols, a.rows, a.title, a.light, a.font_size)
    if a.output:
        with open(a.output, "w", encoding="utf-8") as f:
            f.write(page)
    else:
        sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
