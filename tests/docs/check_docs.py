#!/usr/bin/env python3
"""Static consistency checks of the documentation against the program:

  - every option of `vdktop --help` is in vdktop.1's OPTIONS section, in
    src/completion.bash and (once it exists) in README.md; and every option
    the man page documents is one --help knows
  - every environment variable the sources read is in the man page's
    ENVIRONMENT section
  - the man page's version is the program's
  - README.md (once it exists) shows only screenshots that exist

    check_docs.py VDKTOP_BIN

Prints one line per problem and exits 1 when there is any.
"""

import os
import re
import subprocess
import sys

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
# Read by the sources, but not vdktop's to document.
ENV_NOT_DOCUMENTED = {"HOME"}


def read(rel):
    with open(os.path.join(TOP, rel), encoding="utf-8") as f:
        return f.read()


def man_plain(text):
    """Man source with the escapes that matter for matching undone."""
    return text.replace("\\-", "-").replace("\\&", "").replace("\\e", "\\")


def man_section(text, name):
    m = re.search(r"^\.SH %s\n(.*?)(?=^\.SH |\Z)" % re.escape(name), text, re.S | re.M)
    return m.group(1) if m else ""


def help_options(binary):
    out = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=10)
    if out.returncode != 0:
        raise SystemExit("docs: %s --help exited %d" % (binary, out.returncode))
    opts = []
    for line in out.stdout.splitlines():
        m = re.match(r"\s+(--[a-z][a-z0-9-]*)", line)
        if m:
            opts.append(m.group(1))
    if len(opts) < 5:
        raise SystemExit("docs: found only %r in --help; has its format changed?" % opts)
    return opts


def words(text, pattern):
    return set(re.findall(pattern, text, re.M))


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    binary = argv[1]
    problems = []
    man = man_plain(read("vdktop.1"))
    opts = help_options(binary)

    options_sec = man_section(man, "OPTIONS")
    for o in opts:
        if not re.search(r"^\.(?:B|BI|BR|TP)\s+%s\b" % re.escape(o), options_sec, re.M):
            problems.append("vdktop.1 OPTIONS does not document %s (from --help)" % o)
    for o in sorted(words(options_sec, r"^\.(?:B|BI|BR)\s+(--[a-z][a-z0-9-]*)") - set(opts)):
        problems.append("vdktop.1 OPTIONS documents %s, which --help does not list" % o)

    completion = read("src/completion.bash")
    listed = words(completion.split("_vdktop_options=", 1)[-1].split('"')[1], r"--[a-z][a-z0-9-]*")
    for o in opts:
        if o not in listed:
            problems.append("src/completion.bash does not complete %s" % o)

    env_sec = man_section(man, "ENVIRONMENT")
    documented_env = words(env_sec, r"\b[A-Za-z_][A-Za-z0-9_]*\b")
    used_env = set()
    for d in ("src", "src/ui"):
        for f in sorted(os.listdir(os.path.join(TOP, d))):
            if f.endswith(".c"):
                used_env |= words(read(os.path.join(d, f)), r'getenv\("([A-Za-z0-9_]+)"\)')
    for e in sorted(used_env - ENV_NOT_DOCUMENTED - documented_env):
        problems.append("vdktop.1 ENVIRONMENT lacks %s (read by the sources)" % e)

    ver = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10).stdout
    m = re.match(r"vdktop (\S+)", ver)
    th = re.search(r'^\.TH \S+ \S+ "[^"]*" "vdktop ([^"]*)"', man, re.M)
    if not m or not th or m.group(1) != th.group(1):
        problems.append("vdktop.1 .TH version %s differs from vdktop --version %s"
                        % (th.group(1) if th else "?", m.group(1) if m else "?"))

    readme_path = os.path.join(TOP, "README.md")
    if os.path.exists(readme_path):
        readme = read("README.md")
        missing = [o for o in opts if not re.search(re.escape(o) + r"(?![a-z0-9-])", readme)]
        if missing:
            problems.append("README.md lacks these options of --help: " + " ".join(missing))
        for img in sorted(words(readme, r"(screenshots/[A-Za-z0-9._-]+\.png)")):
            if not os.path.exists(os.path.join(TOP, img)):
                problems.append("README.md shows %s, which does not exist (make screenshots)" % img)
    else:
        problems.append("README.md is missing")

    for p in problems:
        print("docs: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
