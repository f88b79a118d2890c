#!/bin/bash
# src/completion.bash completes every option of --help, the shipped themes
# after --theme, the contexts of the config file after --context (also in
# the --opt=value form), and file names after --config.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${VDKTOP_BIN:-$TOP/vdktop}
T=$(mktemp -d "${TMPDIR:-/tmp}/vdkt-completion.XXXXXX")
trap 'rm -rf "$T"' EXIT
# The shipped themes: the checkout stands in for the installed data directory.
export HOME=$T/home XDG_CONFIG_HOME=$T/xdg VDKTOP_DATADIR=$TOP
unset VDKTOP_CONFIG
mkdir -p "$HOME" "$XDG_CONFIG_HOME/vdktop/themes"
: >"$XDG_CONFIG_HOME/vdktop/themes/my-own.theme"
printf 'contexts = ( { name = "alpha"; url = "http://127.0.0.1:1"; },\n  { name: "beta-2" } );\n' \
	>"$XDG_CONFIG_HOME/vdktop/config"
# The completion runs the program by the name typed: put it on PATH.
mkdir -p "$T/bin"
ln -s "$BIN" "$T/bin/vdktop"
PATH=$T/bin:$PATH

# shellcheck source=../../src/completion.bash
. "$TOP/src/completion.bash"

failures=0
complete_words() { # WORD...: COMPREPLY for the last word, sorted, on one line
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_vdktop
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
expect() { # WANT WORD...
	local want=$1 got
	shift
	got=$(complete_words "$@")
	if [ "$got" != "$want" ]; then
		echo "completion of [$*]: got \"$got\", want \"$want\""
		failures=$((failures + 1))
	fi
}

# every option of --help
for opt in $("$BIN" --help | grep -oE '^ +--[a-z][a-z0-9-]*' | tr -d ' '); do
	expect "$opt" vdktop "$opt"
done
expect "--read-only --refresh" vdktop --re
expect "default high-contrast light monochrome my-own solarized-dark" vdktop --theme ""
expect "solarized-dark" vdktop --theme = so
expect "alpha beta-2" vdktop --context ""
expect "beta-2" vdktop --context = b
cp "$TOP/config.example" "$T/other.conf"
expect "local prod staging" vdktop --config "$T/other.conf" --context ""
expect "$T/other.conf" vdktop --config "$T/oth"
expect "" vdktop --url ""
# the subcommands: names, their own options, global options after them
expect "run runs" vdktop ru
expect "--follow" vdktop --team x logs --f
expect "--failed" vdktop runs --fa
expect "--job --json" vdktop --context alpha runs --j
expect "--no-timestamps" vdktop logs job --no
expect "--read-only" vdktop deploy --re
expect "1h 24h 7d" vdktop runs --since ""
expect "logs" vdktop help lo
mkdir -p "$T/jobs/my-job"
expect "$T/jobs/my-job" vdktop deploy "$T/jobs/my"

[ "$failures" -eq 0 ] && echo "test_completion: ok"
[ "$failures" -eq 0 ]
