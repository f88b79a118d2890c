#include "ui/screen.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ui/theme.h"
#include "util.h"

static int sig_pipe[2] = {-1, -1};
static bool active;

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
	return sig_pipe[0];
}

void screen_signals_restore(void)
{
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

int screen_init(bool mouse, char **err)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*err = xstrdup("vdktop needs a terminal (stdin and stdout); for a one-shot check use --check");
		return -1;
	}
	/* newterm, unlike initscr, returns an error instead of exiting. */
	SCREEN *s = newterm(NULL, stdout, stdin);
	if (!s) {
		const char *term = getenv("TERM");
		*err = xasprintf("cannot initialise the terminal (TERM=%s)", term ? term : "unset");
		return -1;
	}
	set_term(s);
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
	return 0;
}

void screen_end(void)
{
	if (!active)
		return;
	active = false;
	curs_set(1);
	endwin();
	delscreen(set_term(NULL));
}

bool screen_active(void)
{
	return active;
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
