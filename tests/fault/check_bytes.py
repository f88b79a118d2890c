#!/usr/bin/env python3
"""Fails (exit 1, with the reason) when a file holds anything a terminal
would act on: a control byte other than LF, DEL, a C1 control (raw or
UTF-8), a bidi control or mark, a BOM, or bytes that are not UTF-8.
With --ascii, any byte above 0x7e fails too.

  check_bytes.py [--ascii] FILE…"""
import sys

BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x061C, 0xFEFF}
args = sys.argv[1:]
ascii_only = bool(args) and args[0] == "--ascii"
if ascii_only:
    args = args[1:]
bad = 0
for name in args:
    data = open(name, "rb").read()
    if ascii_only:
        for i, b in enumerate(data):
            if b > 0x7E or (b < 0x20 and b != 0x0A):
                print("%s: byte 0x%02x at %d" % (name, b, i))
                bad += 1
                break
        continue
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        print("%s: not UTF-8: %s" % (name, e))
        bad += 1
        continue
    for i, ch in enumerate(text):
        cp = ord(ch)
        if (cp < 0x20 and ch != "\n") or 0x7F <= cp <= 0x9F or cp in BIDI:
            print("%s: U+%04X at character %d: %r" % (name, cp, i, text[max(0, i - 20):i + 20]))
            bad += 1
            break
sys.exit(1 if bad else 0)
