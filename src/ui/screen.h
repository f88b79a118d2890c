/* The terminal: curses set-up and teardown, signals turned into events on a
 * self-pipe (nothing but a write(2) runs in a handler), resize, suspend,
 * and the "terminal too small" screen. */
#ifndef VDKTOP_SCREEN_H
#define VDKTOP_SCREEN_H

#include <stdbool.h>

#define SCREEN_MIN_COLS 60
#define SCREEN_MIN_LINES 15

/* Installs the signal handlers (before initscr, so curses keeps its hands
 * off them) and returns the read end of the signal pipe, or -1. Fatal
 * signals (SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL) and an allocation
 * failure give the terminal back before the process dies. */
int screen_signals_install(void);
void screen_signals_restore(void);
/* Reads one pending signal number from the pipe; 0 when none. */
int screen_signal_take(void);

/* Whether stdin and stdout are terminals, before anything else is done
 * for the screen: 0, or -1 with *err. */
int screen_check(char **err);
/* initscr and friends; themes are the caller's business. Returns 0, or -1
 * when stdin/stdout is not a terminal curses can use (*err set). */
int screen_init(bool mouse, char **err);
void screen_end(void);
/* Gives the terminal back (leaves the alternate screen, shows the cursor,
 * restores the shell's tty modes) with nothing but async-signal-safe
 * calls; once, and only while curses has the screen. */
void screen_emergency_restore(void);

/* SIGWINCH: asks the terminal for its size and resizes curses. */
void screen_resize(void);
/* SIGTSTP: gives the terminal back, stops, and takes it again on SIGCONT.
 * Everything must be redrawn afterwards. */
void screen_suspend(void);

bool screen_too_small(void);
/* Draws the centred "terminal too small (need 60×15, have 50×12)" text on
 * stdscr and refreshes. */
void screen_draw_too_small(void);

#endif
