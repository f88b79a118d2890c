#!/bin/sh
# Installs what vdktop needs to build (and, with "test", to run every test
# suite: under CI=true a suite skipped for a missing tool fails the run) on
# Debian/Ubuntu when run as root; otherwise prints the command. Quiet when
# everything is already there.
#
# What each suite needs beyond the build: unit cmocka; fake, api python3;
# screen, fault, actions, logs tmux (fault: openssl for the TLS test);
# contract node, npm, tmux; fuzz clang and its libFuzzer and sanitizer
# runtime; valgrind valgrind; lint cppcheck, clang-tidy; docs groff, bash;
# the clang build check clang; deploy tests unzip. With "screenshots":
# tmux, chromium and the DejaVu fonts the PNGs are drawn with.
set -u
what=${1:-build}

pkgs=""
need_pc() { # pkg-config-name debian-package
	pkg-config --exists "$1" 2>/dev/null || pkgs="$pkgs $2"
}
need_cmd() { # command debian-package
	command -v "$1" >/dev/null 2>&1 || pkgs="$pkgs $2"
}

apt_install() { # packages...
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "deps: installing $*"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "$@" >/dev/null ||
			{ echo "deps: apt-get install $* failed" >&2; exit 1; }
	else
		echo "deps: missing packages. Install them with:" >&2
		echo "  sudo apt-get install $*" >&2
		exit 1
	fi
}

# clang links -fsanitize=fuzzer only with the runtime of its own version.
fuzzer_links() {
	d=$(mktemp -d "${TMPDIR:-/tmp}/deps-fuzz.XXXXXX") || return 1
	printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$d/p.c"
	clang -fsanitize=fuzzer,address,undefined -o "$d/p" "$d/p.c" >/dev/null 2>&1
	rc=$?
	rm -rf "$d"
	return $rc
}

need_cmd cc gcc
need_cmd make make
need_cmd pkg-config pkg-config
if command -v pkg-config >/dev/null 2>&1; then
	need_pc ncursesw libncurses-dev
	need_pc libcurl libcurl4-openssl-dev
	need_pc json-c libjson-c-dev
	need_pc libconfig libconfig-dev
	need_pc libzip libzip-dev
	need_pc inih libinih-dev
else
	pkgs="$pkgs libncurses-dev libcurl4-openssl-dev libjson-c-dev libconfig-dev libzip-dev libinih-dev"
fi
need_cmd python3 python3

if [ "$what" = test ]; then
	if command -v pkg-config >/dev/null 2>&1; then
		need_pc cmocka libcmocka-dev
	else
		pkgs="$pkgs libcmocka-dev"
	fi
	need_cmd tmux tmux
	need_cmd valgrind valgrind
	need_cmd clang clang
	need_cmd unzip unzip
	need_cmd jq jq
	need_cmd curl curl
	need_cmd groff groff-base
	need_cmd openssl openssl
	need_cmd bash bash
	need_cmd timeout coreutils
	need_cmd cppcheck cppcheck
	need_cmd clang-tidy clang-tidy
	need_cmd node nodejs
	need_cmd npm npm
fi

if [ "$what" = screenshots ]; then
	need_cmd tmux tmux
	need_cmd chromium chromium
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || pkgs="$pkgs fonts-dejavu-core"
fi

[ -z "$pkgs" ] || apt_install $pkgs

if [ "$what" = test ] && ! fuzzer_links; then
	v=$(clang -dumpversion 2>/dev/null | cut -d. -f1)
	apt_install "libclang-rt-${v:-14}-dev"
	fuzzer_links || { echo "deps: clang still cannot link libFuzzer" >&2; exit 1; }
fi
exit 0
