#!/bin/sh
# The link-graph checks on objects built here from small C files, where
# the answer is known. cycles.py: a ring of 5 objects fails and names them
# all, a ring of 4 passes (the limit is "more than 4"), two rings of 3
# joined one way pass (a strongly connected component, not everything
# that touches), a ring held by data (read-only, initialised, zeroed)
# fails like one held by calls, a static function of the same name as
# another object's global is no link, and a missing object is an error,
# not a pass. core.py: a core object that reaches curses through two ui
# objects fails with the chain, as do one calling curses itself and one
# reading a curses variable; ui objects and main may use curses, and a ui
# object may call the core. layers.py: a view calling an action and the
# core calling a widget fail, each link named; calls down and within a
# layer pass; an object no line of the map places is an error.
#
#   sh tests/lint/cycles_test.sh DIR     (DIR: scratch space, emptied)
set -u
cd "$(dirname "$0")/../.." || exit 2
DIR=${1:?scratch directory}
CC=${CC:-cc}
rm -rf "$DIR"
mkdir -p "$DIR"
failed=0

obj() { # case name C-text (name may be ui/NAME)
	mkdir -p "$(dirname "$DIR/$1/$2")"
	printf '%s\n' "$3" >"$DIR/$1/$2.c"
	"$CC" -std=c11 -O0 -w -c -o "$DIR/$1/$2.o" "$DIR/$1/$2.c" || { echo "cycles_test: cannot compile $1/$2.c"; exit 2; }
}

ring() { # case n: object i calls object i+1, the last calls the first
	i=0
	while [ "$i" -lt "$2" ]; do
		next=$(((i + 1) % $2))
		obj "$1" "r$i" "void f$next(void); void f$i(void); void f$i(void) { f$next(); }"
		i=$((i + 1))
	done
}

# tool (cycles or core), case, the exit status wanted, then texts the
# output must hold (!text: must not).
expect() {
	tool=$1
	c=$2
	want=$3
	shift 3
	if [ "$tool" = core ]; then
		out=$(python3 tests/lint/core.py --curses "$DIR/curses.txt" --root "$DIR/$c" $(find "$DIR/$c" -name '*.o' | sort) 2>&1)
	elif [ "$tool" = layers ]; then
		out=$(python3 tests/lint/layers.py --map "$DIR/layers.txt" --root "$DIR/$c" $(find "$DIR/$c" -name '*.o' | sort) 2>&1)
	else
		out=$(python3 tests/lint/cycles.py --root "$DIR/$c" "$DIR/$c"/*.o 2>&1)
	fi
	rc=$?
	ok=1
	[ "$rc" -eq "$want" ] || ok=0
	for t in "$@"; do
		case $t in
		!*) case $out in *"${t#!}"*) ok=0 ;; esac ;;
		*) case $out in *"$t"*) ;; *) ok=0 ;; esac ;;
		esac
	done
	if [ "$ok" -eq 1 ]; then
		echo "cycles_test: $c ok"
	else
		echo "cycles_test: $c FAILED (exit $rc, wanted $want and: $*):"
		printf '%s\n' "$out" | sed 's/^/  /'
		failed=1
	fi
}

ring ring5 5
expect cycles ring5 1 "5 objects depend on each other" "r0 -> r1 (f1)" "r1 -> r2" "r2 -> r3" "r3 -> r4" "r4 -> r0 (f0)"

ring ring4 4
expect cycles ring4 0 "largest cycle 4" "allowed (at most 4 objects): r0 r1 r2 r3"

# a0 -> b0 -> c0 -> a0 and a1 -> b1 -> c1 -> a1, with c1 -> a0 only: the
# ring found second leads into the one already done.
for k in 0 1; do
	obj bridged "a$k" "void b$k(void); void a$k(void); void a$k(void) { b$k(); }"
	obj bridged "b$k" "void c$k(void); void b$k(void); void b$k(void) { c$k(); }"
done
obj bridged c0 "void a0(void); void c0(void); void c0(void) { a0(); }"
obj bridged c1 "void a0(void); void a1(void); void c1(void); void c1(void) { a1(); a0(); }"
expect cycles bridged 0 "largest cycle 3" "a0 b0 c0; a1 b1 c1"

# d0 -> d1 through a read-only table, d1 -> d2 through an initialised
# variable, d2 -> d3 through a zeroed one, d3 -> d4 and d4 -> d0 by calls.
obj data d0 "extern const int tab1[]; int f0(void); int f0(void) { return tab1[0]; }"
obj data d1 "extern int var2; const int tab1[] = {1, 2}; int f1(void); int f1(void) { return var2; }"
obj data d2 "extern int zero3; int var2 = 7; int f2(void); int f2(void) { return zero3; }"
obj data d3 "int f4(void); int zero3; int f3(void); int f3(void) { return f4(); }"
obj data d4 "int f0(void); int f4(void); int f4(void) { return f0(); }"
expect cycles data 1 "5 objects depend on each other" "d0 -> d1 (tab1)" "d1 -> d2 (var2)" "d2 -> d3 (zero3)"

# A chain l0 -> l1 -> l2 -> l3 -> l4 -> lg: l4 calls shared(), which lg
# defines; l0 has a static shared() of its own, which no one else sees.
i=0
while [ "$i" -lt 4 ]; do
	obj local "l$i" "void f$((i + 1))(void); void f$i(void); void f$i(void) { f$((i + 1))(); }"
	i=$((i + 1))
done
obj local l4 "void shared(void); void f4(void); void f4(void) { shared(); }"
obj local lg "void shared(void); void shared(void) { }"
printf '%s\n' "static void shared(void) { } void (*keep0)(void) = shared;" >>"$DIR/local/l0.c"
"$CC" -std=c11 -O0 -w -c -o "$DIR/local/l0.o" "$DIR/local/l0.c" || exit 2
expect cycles local 0 "cycles: ok: 6 objects, largest cycle 1" "!allowed"

printf '%s\n' initscr beep LINES >"$DIR/curses.txt"

obj corebad c0 "void a(void); void c0(void); void c0(void) { a(); }"
obj corebad ui/a "void b(void); void a(void); void a(void) { b(); }"
obj corebad ui/b "void initscr(void); void b(void); void b(void) { initscr(); }"
obj corebad c1 "void beep(void); void c1(void); void c1(void) { beep(); }"
obj corebad c2 "extern int LINES; int c2(void); int c2(void) { return LINES; }"
obj corebad c3 "int c3(void); int c3(void) { return 0; }"
expect core corebad 1 "c0 reaches curses: c0 -> ui/a (a) -> ui/b (b) -> initscr" "c1 reaches curses: c1 -> beep" \
	"c2 reaches curses: c2 -> LINES" "!c3 reaches" "3 of 4 core objects"

obj coreok main "void a(void); void beep(void); int main(void); int main(void) { a(); beep(); return 0; }"
obj coreok ui/a "void c0(void); void initscr(void); void a(void); void a(void) { initscr(); c0(); }"
obj coreok c0 "void c1(void); void c0(void); void c0(void) { c1(); }"
obj coreok c1 "void c1(void); void c1(void) { }"
expect core coreok 0 "none of 2 core objects reaches curses"

# A map of every layer, as tests/lint/layers.txt has them.
printf '%s\n' "main root" "ui/act* actions" "ui/*_view views" "ui/app app" "ui/* widgets" "[a-z]* core" >"$DIR/layers.txt"

obj layersbad ui/jobs_view "void act_go(void); void jv(void); void jv(void) { act_go(); }"
obj layersbad ui/actions "void act_go(void); void act_go(void) { }"
obj layersbad util "void w_fit(void); void util(void); void util(void) { w_fit(); }"
obj layersbad ui/cell "void w_fit(void); void w_fit(void) { }"
expect layers layersbad 1 "ui/jobs_view (views) uses ui/actions (actions) through act_go" \
	"util (core) uses ui/cell (widgets) through w_fit" "2 link(s) to a higher layer"

obj layersok main "void act_go(void); int main(void); int main(void) { act_go(); return 0; }"
obj layersok ui/actions "void jv(void); void act_go(void); void act_go(void) { jv(); }"
obj layersok ui/jobs_view "void lv(void); void app_push(void); void jv(void); void jv(void) { lv(); app_push(); }"
obj layersok ui/logs_view "void w_fit(void); void lv(void); void lv(void) { w_fit(); }"
obj layersok ui/app "void w_fit(void); void app_push(void); void app_push(void) { w_fit(); }"
obj layersok ui/cell "void util(void); void w_fit(void); void w_fit(void) { util(); }"
obj layersok util "void util(void); void util(void) { }"
expect layers layersok 0 "layers: ok" "root 1, actions 1, views 2, app 1, widgets 1, core 1"

obj layersunplaced ui/cell "void w_fit(void); void w_fit(void) { }"
obj layersunplaced Odd "void odd(void); void odd(void) { }"
expect layers layersunplaced 2 "in no layer" "Odd"

out=$(python3 tests/lint/cycles.py --root "$DIR/ring4" "$DIR/ring4/r0.o" "$DIR/ring4/gone.o" 2>&1)
rc=$?
if [ "$rc" -eq 2 ]; then
	echo "cycles_test: missing object ok"
else
	echo "cycles_test: missing object FAILED (exit $rc, wanted 2): $out"
	failed=1
fi
exit "$failed"
