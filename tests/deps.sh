#!/bin/sh
# Installs what vdktop needs to build (and, with "test", to run its test
# suites) on Debian/Ubuntu when run as root; otherwise prints the command.
# Quiet when everything is already there.
set -u
what=${1:-build}

pkgs=""
need_pc() { # pkg-config-name debian-package
	pkg-config --exists "$1" 2>/dev/null || pkgs="$pkgs $2"
}
need_cmd() { # command debian-package
	command -v "$1" >/dev/null 2>&1 || pkgs="$pkgs $2"
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
	need_cmd groff groff-base
	# libFuzzer and clang's sanitizer runtimes
	ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 ||
		pkgs="$pkgs libclang-rt-14-dev"
	need_cmd cppcheck cppcheck
	need_cmd clang-tidy clang-tidy
	need_cmd node nodejs
	need_cmd npm npm
fi

[ -z "$pkgs" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$pkgs"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $pkgs >/dev/null ||
		{ echo "deps: apt-get install$pkgs failed" >&2; exit 1; }
else
	echo "deps: missing packages. Install them with:" >&2
	echo "  sudo apt-get install$pkgs" >&2
	exit 1
fi
