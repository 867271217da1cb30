// The thin C side of the ncurses backend: what Swift cannot import directly.
// See docs/architecture.md ("The ncurses backend").
#ifndef RIVERCHIEF_CNCURSESW_SHIM_H
#define RIVERCHIEF_CNCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <stdio.h>
#include <malloc.h>
#include <ncursesw/ncurses.h>
#include <ncursesw/term.h>

extern int wcwidth(wchar_t c);

static inline attr_t rc_A_NORMAL(void) { return A_NORMAL; }
static inline attr_t rc_A_BOLD(void) { return A_BOLD; }
static inline attr_t rc_A_REVERSE(void) { return A_REVERSE; }
static inline attr_t rc_A_UNDERLINE(void) { return A_UNDERLINE; }
static inline attr_t rc_A_DIM(void) { return A_DIM; }
static inline attr_t rc_COLOR_PAIR(short n) { return COLOR_PAIR(n); }
static inline int rc_KEY_F(int n) { return KEY_F(n); }
static inline int rc_ESCDELAY_set(int ms) { return set_escdelay(ms); }
static inline int rc_lines(WINDOW *w) { return getmaxy(w); }
static inline int rc_cols(WINDOW *w) { return getmaxx(w); }
static inline int rc_curx(WINDOW *w) { return getcurx(w); }
static inline FILE *rc_stdin(void) { return stdin; }
static inline FILE *rc_stdout(void) { return stdout; }
static inline FILE *rc_stderr(void) { return stderr; }
static inline int rc_colors(void) { return COLORS; }
static inline const char *rc_codeset(void) { return nl_langinfo(CODESET); }
static inline WINDOW *rc_stdscr(void) { return stdscr; }
static inline mmask_t rc_mouse_mask_clicks(void) { return BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED; }
static inline mmask_t rc_BUTTON1_PRESSED(void) { return BUTTON1_PRESSED; }
static inline mmask_t rc_BUTTON4_PRESSED(void) { return BUTTON4_PRESSED; }
static inline mmask_t rc_BUTTON5_PRESSED(void) { return BUTTON5_PRESSED; }

/// Gives the pages malloc holds free back to the system (glibc's malloc_trim): after the
/// dashboard's start, whose temporary allocations on several threads would otherwise stay resident.
static inline int rc_malloc_trim(void) { return malloc_trim(0); }

/// Writes one cell: a character (or a wide character) with attributes and colour pair.
static inline int rc_put_cell(WINDOW *w, int y, int x, const wchar_t *chars, attr_t attrs, short pair) {
    cchar_t cc;
    if (setcchar(&cc, chars, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(w, y, x, &cc);
}

/// Whether the terminfo entry for `term` can address the cursor (has `cup`): 1 yes, 0 no,
/// -1 no such entry. Loads the entry on its own and frees it; no output, no terminal touched.
static inline int rc_term_can_address(const char *term) {
    int err = 0;
    TERMINAL *saved = cur_term;
    if (setupterm((char *)term, 1, &err) != OK) { set_curterm(saved); return -1; }
    char *cup = tigetstr("cup");
    int ok = cup != NULL && cup != (char *)-1;
    TERMINAL *loaded = set_curterm(saved);
    if (loaded != NULL && loaded != saved) del_curterm(loaded);
    return ok;
}

#endif
