// ncursesw for Swift: the wide-character API needs NCURSES_WIDECHAR (SwiftPM drops the
// -D_XOPEN_SOURCE flag pkg-config gives), and macros Swift cannot import are wrapped here.
#ifndef DXREADY_CNCURSESW_SHIM_H
#define DXREADY_CNCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline attr_t dxready_a_bold(void) { return A_BOLD; }
static inline attr_t dxready_a_reverse(void) { return A_REVERSE; }
static inline attr_t dxready_a_dim(void) { return A_DIM; }
static inline attr_t dxready_a_normal(void) { return A_NORMAL; }
static inline int dxready_key_code_yes(void) { return KEY_CODE_YES; }
static inline int dxready_err(void) { return ERR; }
static inline attr_t dxready_color_pair(int pair) { return COLOR_PAIR(pair); }
static inline int dxready_wattrset(WINDOW *window, int attributes) { return wattrset(window, attributes); }
// initscr() ends the program when TERM names a terminal this system does not know (a client's
// choice, over SSH); newterm() returns NULL instead, so that the caller can ask line by line.
static inline WINDOW *dxready_start(void) {
  SCREEN *screen = newterm(NULL, stdout, stdin);
  if (screen == NULL) return NULL;
  set_term(screen);
  return stdscr;
}

#endif
