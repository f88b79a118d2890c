#!/usr/bin/env python3
"""Keeps the man page's KEYS and COMMANDS sections in step with the action
table in src/ui/keys.h (the same table that drives key bindings, the help
view and the ':' command line).

    gen-keys.py            rewrite the generated parts of vdktop.1
    gen-keys.py --check    exit 1 (with a diff) when vdktop.1 is out of date,
                           or when an action name is missing from it
    gen-keys.py --markdown print the key table as Markdown (for README.md)
    gen-keys.py --names    print every action name, one per line
    gen-keys.py --tsv      print "name<TAB>help text" of every action

The generated parts sit between ".\\" BEGIN GENERATED name" and
".\\" END GENERATED name" comment lines; everything else is hand-written.
README.md's key table is kept the same way when README.md has the lines
"<!-- BEGIN GENERATED KEYS -->" and "<!-- END GENERATED KEYS -->".
"""

import difflib
import os
import re
import sys

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
KEYS_H = os.path.join(TOP, "src", "ui", "keys.h")
MAN = os.path.join(TOP, "vdktop.1")
README = os.path.join(TOP, "README.md")
MD_BEGIN = "<!-- BEGIN GENERATED KEYS -->"
MD_END = "<!-- END GENERATED KEYS -->"

CSTR = r'"((?:[^"\\]|\\.)*)"'
ROW = re.compile(r'X\(\s*(\w+)\s*,\s*' + CSTR + r'\s*,\s*' + CSTR + r'\s*,\s*([^,]+?)\s*,\s*([^,]+?)\s*,\s*'
                 + CSTR + r'\s*\)')

# View mask bits, named as the help view names the views.
VIEWS = [("VM_JOBS", "jobs"), ("VM_JOB", "job"), ("VM_RUNS", "runs"), ("VM_LOGS", "logs"), ("VM_HELP", "help"),
         ("VM_PROPS", "properties"), ("VM_SECRETS", "secrets")]


class Action:
    def __init__(self, ident, name, keys, views, flags, text):
        self.ident = ident
        self.name = name
        self.keys = keys.split()
        self.views = views
        self.flags = flags
        self.help = text

    @property
    def writes(self):
        return "AF_WRITE" in self.flags

    @property
    def takes_arg(self):
        return "AF_ARG" in self.flags

    @property
    def keyless(self):
        return "AF_NOKEY" in self.flags or not self.keys

    @property
    def everywhere(self):
        return self.views in ("VM_ALL", "VM_LIST")

    def view_names(self):
        if self.everywhere:
            return ["all"]
        parts = [p.strip() for p in self.views.split("|")]
        return [label for bit, label in VIEWS if bit in parts]


def _unescape(s):
    return bytes(s, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def read_actions(path=KEYS_H):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"#define ACTIONS\(X\)(.*?)\n\s*\n", text, re.S)
    if not m:
        sys.exit("gen-keys: no ACTIONS(X) table in %s" % path)
    block = m.group(1).replace("\\\n", "\n")
    actions = [Action(a, _unescape(b), _unescape(c), d.strip(), e.strip(), _unescape(f))
               for a, b, c, d, e, f in ROW.findall(block)]
    declared = len(re.findall(r"\bX\(", block))
    if not actions or len(actions) != declared:
        sys.exit("gen-keys: read %d of %d rows of the ACTIONS table; is the format new?"
                 % (len(actions), declared))
    return actions


# ---- roff ----

def roff(s):
    """Text safe for a roff line: backslashes and hyphen-minus escaped (so
    names copy-paste as typed), a leading '.' or ''' neutralised."""
    s = s.replace("\\", "\\e").replace("-", "\\-")
    if s[:1] in (".", "'"):
        s = "\\&" + s
    return s


def key_label(k):
    """A key name as one roff macro argument."""
    if k == '"':
        return "\\(dq"
    return roff(k)


def sentence(s):
    return s if s.endswith(".") else s + "."


def arg_name(a):
    """The placeholder of a command's argument: the upper-case word the
    help text uses after the command (":team NAME"), else the name."""
    m = re.search(r":%s ([A-Z][A-Z_]*)\b" % re.escape(a.name), a.help)
    return m.group(1) if m else a.name.upper().replace("-", "_")


def section_groups(actions):
    """Subsections of KEYS: what works everywhere, then each view's own
    keys (an action shared by several views sits under the first), then
    the writes."""
    groups = [("Everywhere", []), ("Jobs view", []), ("Job view", []), ("Runs view", []), ("Logs view", []),
              ("Help view", []), ("Properties and secrets views", []), ("Changes on the server", [])]
    index = {"jobs": 1, "job": 2, "runs": 3, "logs": 4, "help": 5, "properties": 6, "secrets": 6}
    for a in actions:
        if a.keyless:
            continue
        if a.writes:
            groups[7][1].append(a)
        elif a.everywhere:
            groups[0][1].append(a)
        else:
            names = a.view_names()
            groups[index[names[0]] if names else 0][1].append(a)
    return [(t, g) for t, g in groups if g]


def gen_keys(actions):
    out = []
    for title, group in section_groups(actions):
        out.append(".SS %s" % title)
        for a in group:
            out.append(".TP")
            if len(a.keys) > 1:
                out.append(".BR " + ' ", " '.join(key_label(k) for k in a.keys))
            else:
                out.append(".B " + key_label(a.keys[0]))
            text = sentence(roff(a.help))
            where = a.view_names()
            extra = ""
            if not a.everywhere and len(where) > 1:
                extra = " Views: %s." % ", ".join(where)
            if a.writes and "write" not in text:
                extra += " Refused in read\\-only mode."
            out.append("%s%s" % (text, extra))
            out.append(".RB ( %s )" % roff(a.name))
    return out


def gen_commands(actions):
    out = []
    for a in actions:
        if not a.keyless:
            continue
        out.append(".TP")
        if a.takes_arg:
            out.append(".BI :%s \" %s\"" % (roff(a.name), arg_name(a)))
        else:
            out.append(".B :%s" % roff(a.name))
        where = a.view_names()
        extra = "" if a.everywhere else " Views: %s." % ", ".join(where)
        out.append(sentence(roff(a.help)) + extra)
    out.append(".PP")
    out.append("Every action under")
    out.append(".B KEYS")
    out.append("is a command as well, by its name:")
    names = [roff(a.name) for a in actions if not a.keyless]
    out.append(".BR " + " \", \" ".join(":" + n for n in names) + " .")
    return out


def generate(man_text, actions):
    parts = {"KEYS": gen_keys(actions), "COMMANDS": gen_commands(actions)}
    for name, lines in parts.items():
        begin = '.\\" BEGIN GENERATED %s' % name
        end = '.\\" END GENERATED %s' % name
        pat = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
        if not pat.search(man_text):
            sys.exit("gen-keys: vdktop.1 lacks the %r ... %r markers" % (begin, end))
        body = "\n".join([begin, '.\\" from src/ui/keys.h by tests/docs/gen-keys.py; do not edit'] + lines + [end])
        man_text = pat.sub(lambda _m, b=body: b, man_text)
    return man_text


def missing_names(man_text, actions):
    """Action names that do not appear in the KEYS or COMMANDS sections."""
    sections = re.findall(r"^\.SH (KEYS|COMMANDS)\n(.*?)(?=^\.SH )", man_text, re.S | re.M)
    text = "\n".join(body for _, body in sections).replace("\\-", "-")
    return [a.name for a in actions if not re.search(r"(?<![\w-])" + re.escape(a.name) + r"(?![\w-])", text)]


# ---- markdown ----

def md_code(k):
    """A key as inline code inside a table cell."""
    k = k.replace("|", "\\|")
    return "`` %s ``" % k if "`" in k else "`%s`" % k


def md_keys(a):
    return " ".join(md_code(k) for k in a.keys)


def markdown(actions):
    out = ["| Keys | Action | What it does | Views |", "| --- | --- | --- | --- |"]
    for title, group in section_groups(actions):
        out.append("| **%s** | | | |" % title)
        for a in group:
            out.append("| %s | `%s` | %s | %s |" % (md_keys(a), a.name, a.help.replace("|", "\\|"),
                                                   ", ".join(a.view_names())))
    out.append("")
    out.append("| Command | What it does |")
    out.append("| --- | --- |")
    for a in actions:
        if a.keyless:
            out.append("| `:%s%s` | %s |" % (a.name, " " + arg_name(a) if a.takes_arg else "",
                                             a.help.replace("|", "\\|")))
    return "\n".join(out)


def generate_readme(text, actions):
    """README.md with its key table regenerated; unchanged without markers."""
    pat = re.compile(re.escape(MD_BEGIN) + r".*?" + re.escape(MD_END), re.S)
    body = "\n".join([MD_BEGIN, "<!-- from src/ui/keys.h by tests/docs/gen-keys.py; do not edit -->",
                      markdown(actions), MD_END])
    return pat.sub(lambda _m: body, text)


def diff(old, new, name):
    sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                               name, name + " (from keys.h)"))


def main(argv):
    actions = read_actions()
    if "--names" in argv:
        print("\n".join(a.name for a in actions))
        return 0
    if "--tsv" in argv:
        print("\n".join("%s\t%s" % (a.name, a.help) for a in actions))
        return 0
    if "--markdown" in argv:
        print(markdown(actions))
        return 0
    files = [(MAN, generate)]
    if os.path.exists(README):
        files.append((README, generate_readme))
    rc = 0
    for path, gen in files:
        with open(path, encoding="utf-8") as f:
            current = f.read()
        wanted = gen(current, actions)
        name = os.path.basename(path)
        if "--check" in argv:
            if wanted != current:
                diff(current, wanted, name)
                print("%s is out of date with src/ui/keys.h: run tests/docs/gen-keys.py" % name)
                rc = 1
            if path == MAN:
                missing = missing_names(current, actions)
                if missing:
                    print("actions missing from vdktop.1 KEYS/COMMANDS: " + " ".join(missing))
                    rc = 1
        elif wanted != current:
            with open(path, "w", encoding="utf-8") as f:
                f.write(wanted)
            print("%s: key table regenerated" % name)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
