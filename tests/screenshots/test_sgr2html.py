#!/usr/bin/env python3
"""Unit tests of sgr2html.py on crafted captures (run by tests/docs/run.sh):
python3 -m unittest tests/screenshots/test_sgr2html.py"""

import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sgr2html  # noqa: E402

ESC = "\x1b"
DARK = sgr2html.SCHEMES["dark"]


def cells(text):
    """Rows as lists of (char, width, css) for easy comparison."""
    return [[(c, w, sgr2html.resolve(st, DARK)) for c, w, st in row]
            for row in sgr2html.parse(text)]


def body(page):
    return page.split("<pre>", 1)[1].split("</pre>", 1)[0]


class ParseTest(unittest.TestCase):
    def test_plain_text_has_no_style(self):
        rows = cells("ab\ncd")
        self.assertEqual(rows, [[("a", 1, ""), ("b", 1, "")], [("c", 1, ""), ("d", 1, "")]])

    def test_basic_attributes(self):
        row = cells(ESC + "[1;3;4mB" + ESC + "[22;23;24mn" + ESC + "[2mD")[0]
        self.assertEqual(row[0][2], "font-weight:bold;font-style:italic;text-decoration:underline")
        self.assertEqual(row[1][2], "")
        # dim: the default foreground mixed towards the background
        self.assertRegex(row[2][2], r"^color:#[0-9a-f]{6}$")
        self.assertNotEqual(row[2][2], "color:#d4d4d4")

    def test_16_colours_and_bright(self):
        row = cells(ESC + "[31;42mx" + ESC + "[91;102my" + ESC + "[39;49mz")[0]
        self.assertEqual(row[0][2], "color:#cd3131;background:#0dbc79")
        self.assertEqual(row[1][2], "color:#f14c4c;background:#23d18b")
        self.assertEqual(row[2][2], "")

    def test_256_colours_cube_and_greys(self):
        row = cells(ESC + "[38;5;196;48;5;232mx" + ESC + "[38;5;110my" + ESC + "[38;5;4mz")[0]
        self.assertEqual(row[0][2], "color:#ff0000;background:#080808")
        self.assertEqual(row[1][2], "color:#87afd7;background:#080808")
        self.assertEqual(row[2][2], "color:#2472c8;background:#080808")

    def test_truecolour_semicolon_and_colon_forms(self):
        row = cells(ESC + "[38;2;1;2;3mx" + ESC + "[48:2::10:20:30my" + ESC + "[38:5:21mz")[0]
        self.assertEqual(row[0][2], "color:#010203")
        self.assertEqual(row[1][2], "color:#010203;background:#0a141e")
        self.assertEqual(row[2][2], "color:#0000ff;background:#0a141e")

    def test_reverse_swaps_default_colours(self):
        row = cells(ESC + "[7mr" + ESC + "[27;31;7ms")[0]
        self.assertEqual(row[0][2], "color:#1e1e1e;background:#d4d4d4")
        self.assertEqual(row[1][2], "color:#1e1e1e;background:#cd3131")

    def test_reset_forms(self):
        row = cells(ESC + "[1;31ma" + ESC + "[mb" + ESC + "[1;31mc" + ESC + "[0md")[0]
        self.assertEqual([c[2] for c in row],
                         ["color:#cd3131;font-weight:bold", "", "color:#cd3131;font-weight:bold", ""])

    def test_state_carries_across_rows(self):
        # tmux does not repeat the attributes at the start of a row
        rows = cells(ESC + "[32mgreen\nstill")
        self.assertEqual(rows[1][0][2], "color:#0dbc79")

    def test_wide_and_combining_characters(self):
        rows = sgr2html.parse("日本x\ne\u0301!")
        self.assertEqual([(c[0], c[1]) for c in rows[0]], [("日", 2), ("本", 2), ("x", 1)])
        self.assertEqual([(c[0], c[1]) for c in rows[1]], [("e\u0301", 1), ("!", 1)])

    def test_box_drawing_and_blocks_are_narrow(self):
        # East-Asian "ambiguous" characters are one cell in a UTF-8 terminal
        self.assertEqual([c[1] for c in sgr2html.parse("│▇…✔")[0]], [1, 1, 1, 1])

    def test_other_sequences_and_controls_are_dropped(self):
        text = ESC + "[2J" + ESC + "]0;title\x07a" + ESC + "]8;;http://x" + ESC + "\\b\x07c\x01"
        self.assertEqual("".join(c[0] for c in sgr2html.parse(text)[0]), "abc")

    def test_tab_expands_to_next_stop(self):
        self.assertEqual(len(sgr2html.parse("ab\tc")[0]), 9)

    def test_malformed_sequences_do_not_raise(self):
        for text in (ESC, ESC + "[", ESC + "[38;5m", ESC + "[38;2;1m", ESC + "[48:2m",
                     ESC + "[999;;mx", ESC + "]unterminated"):
            sgr2html.parse(text)


class RenderTest(unittest.TestCase):
    def test_rows_are_padded_to_the_grid(self):
        page = sgr2html.convert("ab\n", cols=5, nrows=3)
        self.assertEqual(body(page).split("\n"), ["ab   ", "     ", "     "])

    def test_wide_characters_take_two_cells_of_the_grid(self):
        rows = body(sgr2html.convert("日x", cols=5, nrows=1)).split("\n")
        self.assertEqual(rows[0], '<span class="w">日</span>x  ')

    def test_html_is_escaped(self):
        b = body(sgr2html.convert("<a&b>", cols=5, nrows=1))
        self.assertEqual(b, "&lt;a&amp;b&gt;")

    def test_runs_share_one_span(self):
        b = body(sgr2html.convert(ESC + "[31mred" + ESC + "[0m.", cols=4, nrows=1))
        self.assertEqual(b, '<span style="color:#cd3131">red</span>.')

    def test_non_ascii_sits_in_a_one_cell_box(self):
        b = body(sgr2html.convert("✔ ok", cols=4, nrows=1))
        self.assertEqual(b, '<span class="c">✔</span> ok')

    def test_light_scheme_changes_the_frame(self):
        page = sgr2html.convert("x", cols=1, nrows=1, light=True)
        self.assertIn("background: #fbfbf8", page)

    def test_styles_declare_the_grid_font(self):
        page = sgr2html.convert("x", cols=1, nrows=1)
        self.assertTrue(re.search(r'font-family: "DejaVu Sans Mono"', page))
        self.assertIn("line-height: normal", page)


if __name__ == "__main__":
    unittest.main()
