#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
/*
 * ncursesw as Swift can use it. Swift cannot import lvalue macros, NCURSES_BITS expressions,
 * global variables (not concurrency-safe) or the XSI functions Glibc's module hides, so this
 * header turns them into functions and constants. Only the Terminal module imports it.
 */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1          /* SwiftPM drops pkg-config's -D_XOPEN_SOURCE=600 */
#endif
#include <ncursesw/curses.h>
#include <wchar.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <locale.h>
#include <langinfo.h>

/* ---- globals as accessors ---- */
static inline WINDOW *nc_stdscr(void) { return stdscr; }
static inline int nc_lines(void) { return LINES; }
static inline int nc_cols(void) { return COLS; }
static inline int nc_colors(void) { return COLORS; }
static inline int nc_color_pairs(void) { return COLOR_PAIRS; }
static inline void nc_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }
static inline void nc_getyx(WINDOW *w, int *y, int *x) { getyx(w, *y, *x); }
static inline int nc_key_f(int n) { return KEY_F(n); }

static const attr_t NC_A_NORMAL = A_NORMAL;
static const attr_t NC_A_BOLD = A_BOLD;
static const attr_t NC_A_DIM = A_DIM;
static const attr_t NC_A_REVERSE = A_REVERSE;
static const attr_t NC_A_UNDERLINE = A_UNDERLINE;
static const attr_t NC_A_ITALIC = A_ITALIC;
static const attr_t NC_A_ATTRIBUTES = A_ATTRIBUTES;
static const attr_t NC_A_COLOR = A_COLOR;
static const int NC_CCHARW_MAX = CCHARW_MAX;

/* ---- terminfo (from <term.h>, which is not included: its macros pollute the namespace) ---- */
struct term;
extern int setupterm(const char *term, int fildes, int *errret);
extern char *tigetstr(const char *capname);
extern int del_curterm(struct term *oterm);
extern struct term *set_curterm(struct term *nterm);
extern struct term *cur_term;

/*
 * 1 usable, 0 unknown or generic TERM, -1 no terminfo database, -2 no cursor addressing.
 * Leaves any terminal already set up (an active screen) untouched.
 */
static inline int nc_check_term(const char *term, int fd) {
    struct term *saved = cur_term;
    int err = 0;
    if (setupterm(term, fd, &err) != OK) {
        set_curterm(saved);
        return err == -1 ? -1 : 0;
    }
    struct term *mine = cur_term;
    char *cup = tigetstr("cup");
    int ok = (cup != NULL && cup != (char *)-1);
    if (mine != saved) del_curterm(mine);
    set_curterm(saved);
    return ok ? 1 : -2;
}

/*
 * newterm on duplicates of the given descriptors, so that closing the FILEs at the end leaves
 * the caller's descriptors open. Returns NULL (and no FILEs) on failure.
 */
static inline SCREEN *nc_newterm_fds(const char *term, int out_fd, int in_fd, FILE **out, FILE **in) {
    int o = fcntl(out_fd, F_DUPFD_CLOEXEC, 3), i = fcntl(in_fd, F_DUPFD_CLOEXEC, 3);
    FILE *of = o >= 0 ? fdopen(o, "w") : NULL;
    FILE *inf = i >= 0 ? fdopen(i, "r") : NULL;
    SCREEN *s = (of && inf) ? newterm(term, of, inf) : NULL;
    if (!s) {
        if (of) fclose(of); else if (o >= 0) close(o);
        if (inf) fclose(inf); else if (i >= 0) close(i);
        *out = NULL; *in = NULL;
        return NULL;
    }
    *out = of; *in = inf;
    return s;
}

/* ---- locale ---- */
/* The character type from the environment, with a C.UTF-8 fallback; 1 when the codeset is UTF-8.
 * Only LC_CTYPE: wide-character input and output need it, and number formatting must not change. */
static inline int nc_setlocale_utf8(void) {
    setlocale(LC_CTYPE, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0) setlocale(LC_CTYPE, "C.UTF-8");
    return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}
static inline int nc_codeset_is_utf8(void) { return strcmp(nl_langinfo(CODESET), "UTF-8") == 0; }

/* ---- XSI functions hidden by Swift's Glibc module ---- */
extern int wcwidth(wchar_t c);
static inline int nc_wcwidth(wchar_t c) { return wcwidth(c); }
extern int posix_openpt(int oflag);
extern int grantpt(int fd);
extern int unlockpt(int fd);
extern char *ptsname(int fd);

/* ---- signals: a byte (= signo) into a self-pipe; SIGWINCH also chains to ncurses ---- */
static inline int *nc__wake_fd(void) { static int fd = -1; return &fd; }
static inline struct sigaction *nc__old_winch(void) { static struct sigaction sa; return &sa; }
static inline struct sigaction *nc__saved(int sig) { static struct sigaction a[64]; return &a[sig & 63]; }
static inline void nc__on_signal(int sig) {
    int saved = errno;
    struct sigaction *old = nc__old_winch();
    if (sig == SIGWINCH && (old->sa_flags & SA_SIGINFO) == 0 && old->sa_handler != SIG_DFL &&
        old->sa_handler != SIG_IGN && old->sa_handler != nc__on_signal)
        old->sa_handler(sig);
    unsigned char b = (unsigned char)sig;
    if (*nc__wake_fd() >= 0) (void)!write(*nc__wake_fd(), &b, 1);
    errno = saved;
}
/* Call before newterm(): remembers the dispositions to put back in nc_restore_signals(). */
static inline void nc_save_signals(void) {
    int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP };
    for (unsigned i = 0; i < sizeof sigs / sizeof *sigs; i++) sigaction(sigs[i], NULL, nc__saved(sigs[i]));
}
/* Call after newterm(), which installs ncurses' own handlers (SIGINT/SIGTERM would exit(1)). */
static inline int nc_install_signal_pipe(int write_fd) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = nc__on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    *nc__wake_fd() = write_fd;
    if (sigaction(SIGWINCH, &sa, nc__old_winch()) != 0) return -1;
    if (sigaction(SIGINT, &sa, NULL) != 0) return -1;
    if (sigaction(SIGTERM, &sa, NULL) != 0) return -1;
    if (sigaction(SIGHUP, &sa, NULL) != 0) return -1;
    return 0;
}
/* Puts back what nc_save_signals() saw and stops writing to the pipe. */
static inline void nc_restore_signals(void) {
    int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP };
    for (unsigned i = 0; i < sizeof sigs / sizeof *sigs; i++) sigaction(sigs[i], nc__saved(sigs[i]), NULL);
    *nc__wake_fd() = -1;
}

/* ---- crash: endwin() (not async-signal-safe; the process is dying anyway), then the previous
 * handler (Swift's backtracer) by re-raising. Installed once per process. ---- */
static inline struct sigaction *nc__old_crash(int sig) { static struct sigaction a[64]; return &a[sig & 63]; }
static inline void nc__on_crash(int sig) {
    endwin();
    sigaction(sig, nc__old_crash(sig), NULL);   /* faults re-trigger on return */
    if (sig == SIGABRT || sig == SIGTRAP) raise(sig);
}
static inline void nc_install_crash_restore(void) {
    static int installed = 0;
    if (installed) return;
    installed = 1;
    int sigs[] = { SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV };
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = nc__on_crash;
    sigemptyset(&sa.sa_mask);
    for (unsigned i = 0; i < sizeof sigs / sizeof *sigs; i++) sigaction(sigs[i], &sa, nc__old_crash(sigs[i]));
}

/* ---- output accounting: bytes this thread passed to write(2), from /proc; -1 if unavailable ---- */
static inline long long nc_thread_bytes_written(void) {
    int fd = open("/proc/thread-self/io", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char buf[512];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *p = strstr(buf, "wchar:");
    return p ? strtoll(p + 6, NULL, 10) : -1;
}
#endif
