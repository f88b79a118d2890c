#include "ui/screen.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "ui/theme.h"
#include "util.h"

static int sig_pipe[2] = {-1, -1};
static bool active;

/* ---- giving the terminal back on a crash ----
 *
 * A fault (SIGSEGV, SIGBUS, SIGFPE, SIGILL), an abort() or an allocation
 * failure must not leave the user's terminal on the alternate screen, with
 * a hidden cursor and echo off. What undoes curses is prepared while all
 * is well: the terminal's own strings in one buffer and the shell's
 * termios, so the handler needs nothing but write(2) and tcsetattr(3),
 * both async-signal-safe. Then the signal's previous disposition is put
 * back and the signal delivered again, so the exit status (and a sanitizer
 * build's report) is what it would have been. */
static const int fatal[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};
static struct sigaction fatal_old[ARRAY_SIZE(fatal)];
static bool fatal_installed;
static char restore_seq[512];
static size_t restore_len;
static struct termios shell_tio;
static volatile sig_atomic_t shell_tio_saved, screen_on, restored;
static char alt_stack[64 * 1024];

/* restore_seq is bytes for write(2), not a string: no terminator. */
static void restore_add_raw(const char *v)
{
	size_t n = strlen(v);
	if (n >= sizeof restore_seq - restore_len)
		return;
	for (size_t i = 0; i < n; i++)
		restore_seq[restore_len++] = v[i];
}

static void restore_add(const char *cap)
{
	const char *v = tigetstr((char *)cap);
	/* NULL: absent; (char *)-1: not a string capability */
	if (v && (intptr_t)v != -1)
		restore_add_raw(v);
}

void screen_emergency_restore(void)
{
	if (restored || !screen_on)
		return;
	restored = 1;
	if (restore_len && write(STDOUT_FILENO, restore_seq, restore_len) < 0) {
		/* nothing more can be done from here */
	}
	if (shell_tio_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &shell_tio);
}

static void on_fatal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	int saved = errno;
	static const char msg[] = "vdktop: fatal signal; the terminal was restored\n";
	bool was_on = screen_on && !restored;
	screen_emergency_restore();
	if (was_on && write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
		/* stderr is gone too */
	}
	for (size_t i = 0; i < ARRAY_SIZE(fatal); i++)
		if (fatal[i] == sig)
			sigaction(sig, &fatal_old[i], NULL);
	/* A fault re-runs the faulting instruction on return and meets the
	 * old disposition; a signal that was sent (kill, abort) is sent again.
	 * It stays blocked until this handler returns. */
	if (sig == SIGABRT || !si || si->si_code <= 0)
		raise(sig);
	errno = saved;
}

static void fatal_install(void)
{
	if (fatal_installed)
		return;
	stack_t ss;
	memset(&ss, 0, sizeof ss);
	ss.ss_sp = alt_stack;
	ss.ss_size = sizeof alt_stack;
	sigaltstack(&ss, NULL); /* a stack overflow still gets its handler */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fatal;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(fatal); i++)
		sigaction(fatal[i], &sa, &fatal_old[i]);
	util_set_fatal_hook(screen_emergency_restore);
	fatal_installed = true;
}

static void fatal_uninstall(void)
{
	if (!fatal_installed)
		return;
	util_set_fatal_hook(NULL);
	for (size_t i = 0; i < ARRAY_SIZE(fatal); i++)
		sigaction(fatal[i], &fatal_old[i], NULL);
	fatal_installed = false;
}

static const int caught[] = {SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP, SIGCONT};

static void on_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;
	if (write(sig_pipe[1], &b, 1) < 0) {
		/* A full pipe already holds a wake-up; nothing else is safe here. */
	}
	errno = saved;
}

static int set_flags(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

int screen_signals_install(void)
{
	if (sig_pipe[0] < 0) {
		if (pipe(sig_pipe) < 0)
			return -1;
		if (set_flags(sig_pipe[0]) < 0 || set_flags(sig_pipe[1]) < 0)
			return -1;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: poll() must return EINTR so a signal is seen at once. */
	for (size_t i = 0; i < ARRAY_SIZE(caught); i++)
		sigaction(caught[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	fatal_install();
	return sig_pipe[0];
}

void screen_signals_restore(void)
{
	fatal_uninstall();
	for (size_t i = 0; i < ARRAY_SIZE(caught); i++)
		signal(caught[i], SIG_DFL);
	for (int i = 0; i < 2; i++) {
		if (sig_pipe[i] >= 0)
			close(sig_pipe[i]);
		sig_pipe[i] = -1;
	}
}

int screen_signal_take(void)
{
	unsigned char b;
	if (sig_pipe[0] < 0)
		return 0;
	for (;;) {
		ssize_t n = read(sig_pipe[0], &b, 1);
		if (n == 1)
			return b;
		if (n < 0 && errno == EINTR)
			continue;
		return 0;
	}
}

int screen_check(char **err)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*err = xstrdup("vdktop needs a terminal (stdin and stdout); for a one-shot check use --check");
		return -1;
	}
	return 0;
}

/* ncurses 6.4 writes out what it has after every cursor movement of an
 * update until its screen has once been suspended and resumed (its
 * internal mvcur flushes while the screen is in its initial state, for
 * terminfo-level callers that never update): the first screen of the
 * jobs list cost hundreds of write(2)s, each one waking the terminal
 * (or ssh) for a few bytes. One endwin/doupdate before anything is
 * drawn passes through that state, as a resume after Ctrl-Z does;
 * updates are then written in one piece. */
static void screen_settle(void)
{
	endwin();
	doupdate();
}

int screen_init(bool mouse, char **err)
{
	if (screen_check(err) < 0)
		return -1;
	shell_tio_saved = tcgetattr(STDIN_FILENO, &shell_tio) == 0;
	/* newterm, unlike initscr, returns an error instead of exiting. */
	SCREEN *s = newterm(NULL, stdout, stdin);
	if (!s) {
		const char *term = getenv("TERM");
		*err = xasprintf("cannot initialise the terminal (TERM=%s)", term ? term : "unset");
		return -1;
	}
	set_term(s);
	/* A full-screen view needs cursor addressing; on a terminal without
	 * it (TERM=dumb, a pipe-like emulator) curses would scroll garbage.
	 * Checked before anything is drawn. */
	const char *cup = tigetstr("cup");
	if (!cup || (uintptr_t)cup == (uintptr_t)-1) { /* tigetstr: -1 = not a string capability */
		const char *term = getenv("TERM");
		endwin();
		delscreen(set_term(NULL));
		*err = xasprintf("this terminal (TERM=%s) cannot move the cursor, which a full-screen view needs; "
				 "use a terminal that can (TERM=xterm-256color), or the subcommands (vdktop jobs, vdktop runs, …)",
				 term && *term ? term : "unset");
		return -1;
	}
	active = true;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	/* Home and End have several spellings across terminals and
	 * multiplexers; a TERM that names the wrong one must not turn them
	 * into Esc (back) plus garbage. define_key ignores ones already known. */
	static const struct { const char *seq; int key; } extra_keys[] = {
		{"\033[1~", KEY_HOME}, {"\033[7~", KEY_HOME}, {"\033[H", KEY_HOME}, {"\033OH", KEY_HOME},
		{"\033[4~", KEY_END},  {"\033[8~", KEY_END},  {"\033[F", KEY_END},  {"\033OF", KEY_END},
	};
	for (size_t i = 0; i < sizeof extra_keys / sizeof extra_keys[0]; i++) {
		if (key_defined(extra_keys[i].seq) == 0)
			define_key(extra_keys[i].seq, extra_keys[i].key);
	}
	curs_set(0);
	leaveok(stdscr, TRUE);
	if (has_colors()) {
		start_color();
		use_default_colors();
	}
	if (mouse) {
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
		mouseinterval(0);
	}
	restore_len = 0;
	restore_add("sgr0");
	restore_add("cnorm");
	restore_add("rmkx");
	if (mouse)
		restore_add_raw("\033[?1000l\033[?1002l\033[?1006l");
	restore_add("rmcup");
	restored = 0;
	screen_on = 1;
	screen_settle();
	return 0;
}

void screen_end(void)
{
	if (!active)
		return;
	active = false;
	screen_on = 0;
	curs_set(1);
	endwin();
	delscreen(set_term(NULL));
}

void screen_resize(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resize_term(ws.ws_row, ws.ws_col);
}

void screen_suspend(void)
{
	endwin();
	fflush(stdout);
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTSTP, &sa, &old);
	/* Stops here until SIGCONT. */
	raise(SIGTSTP);
	sigaction(SIGTSTP, &old, NULL);
	screen_resize();
	/* Curses repaints the whole screen on the next refresh. */
	clearok(curscr, TRUE);
}

bool screen_too_small(void)
{
	return LINES < SCREEN_MIN_LINES || COLS < SCREEN_MIN_COLS;
}

void screen_draw_too_small(void)
{
	char *msg = xasprintf("terminal too small (need %d\u00d7%d, have %d\u00d7%d)",
		SCREEN_MIN_COLS, SCREEN_MIN_LINES, COLS, LINES);
	char *ascii = xasprintf("terminal too small (need %dx%d, have %dx%d)",
		SCREEN_MIN_COLS, SCREEN_MIN_LINES, COLS, LINES);
	const char *text = theme_unicode() ? msg : ascii;
	werase(stdscr);
	int len = (int)strlen(ascii);
	int y = LINES / 2, x = (COLS - len) / 2;
	if (x < 0)
		x = 0;
	wattrset(stdscr, theme_attr(EL_WARNING) | A_BOLD);
	mvwaddnstr(stdscr, y > 0 ? y - 1 : 0, x, text, -1);
	wattrset(stdscr, theme_attr(EL_DIM));
	const char *hint = "enlarge the window, or press Q to quit";
	int hx = (COLS - (int)strlen(hint)) / 2;
	mvwaddnstr(stdscr, y + 1 < LINES ? y + 1 : y, hx < 0 ? 0 : hx, hint, -1);
	wattrset(stdscr, A_NORMAL);
	wnoutrefresh(stdscr);
	free(msg);
	free(ascii);
}
