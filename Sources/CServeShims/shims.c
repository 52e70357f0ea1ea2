#define _GNU_SOURCE
#include "CServeShims.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

int roster_pty_open(int *master, char *slave_path, unsigned long slave_path_len) {
    int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return errno;
    if (grantpt(fd) != 0 || unlockpt(fd) != 0) { int e = errno; close(fd); return e; }
    int rc = ptsname_r(fd, slave_path, slave_path_len);
    if (rc != 0) { close(fd); return rc; }
    *master = fd;
    return 0;
}

int roster_pty_set_size(int fd, unsigned short cols, unsigned short rows) {
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    ws.ws_col = cols ? cols : 80;
    ws.ws_row = rows ? rows : 24;
    return ioctl(fd, TIOCSWINSZ, &ws) == 0 ? 0 : errno;
}

int roster_pty_prepare_slave(const char *slave_path, unsigned short cols, unsigned short rows) {
    int fd = open(slave_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct termios t;
    if (tcgetattr(fd, &t) == 0) {
        t.c_cc[VSUSP] = _POSIX_VDISABLE;
        t.c_cc[VQUIT] = _POSIX_VDISABLE;
#ifdef VDSUSP
        t.c_cc[VDSUSP] = _POSIX_VDISABLE;
#endif
        t.c_iflag |= IUTF8;
        (void)tcsetattr(fd, TCSANOW, &t);
    }
    int rc = roster_pty_set_size(fd, cols, rows);
    if (rc != 0) { close(fd); errno = rc; return -1; }
    return fd;
}

int roster_spawn_on_pty(pid_t *pid, const char *path, char *const argv[], char *const envp[],
                        const char *slave_path, int extra_fd) {
    posix_spawnattr_t attr;
    posix_spawn_file_actions_t actions;
    int rc = posix_spawnattr_init(&attr);
    if (rc != 0) return rc;
    rc = posix_spawn_file_actions_init(&actions);
    if (rc != 0) { posix_spawnattr_destroy(&attr); return rc; }

    sigset_t empty, defaults;
    sigemptyset(&empty);
    sigemptyset(&defaults);
    /* Ignored dispositions survive exec (the server ignores SIGPIPE): put them back. */
    int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGCHLD, SIGWINCH, SIGTSTP, SIGTTIN, SIGTTOU };
    for (unsigned i = 0; i < sizeof sigs / sizeof *sigs; i++) sigaddset(&defaults, sigs[i]);
    posix_spawnattr_setsigmask(&attr, &empty);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    /* glibc runs setsid() before the file actions: opening the slave then makes it the controlling tty. */
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    rc = posix_spawn_file_actions_addopen(&actions, 0, slave_path, O_RDWR, 0);
    if (rc == 0) rc = posix_spawn_file_actions_adddup2(&actions, 0, 1);
    if (rc == 0) rc = posix_spawn_file_actions_adddup2(&actions, 0, 2);
    if (rc == 0 && extra_fd >= 0) rc = posix_spawn_file_actions_adddup2(&actions, extra_fd, 3);
    if (rc == 0) rc = posix_spawn_file_actions_addclosefrom_np(&actions, extra_fd >= 0 ? 4 : 3);
    if (rc == 0) rc = posix_spawn(pid, path, &actions, &attr, argv, envp);

    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    return rc;
}

int roster_reap(pid_t pid, int *code, int *signal) {
    int status = 0;
    pid_t r;
    do { r = waitpid(pid, &status, WNOHANG); } while (r < 0 && errno == EINTR);
    if (r == 0) return 0;
    if (r < 0) return -1;
    if (WIFEXITED(status)) { *code = WEXITSTATUS(status); *signal = 0; }
    else if (WIFSIGNALED(status)) { *signal = WTERMSIG(status); *code = 128 + WTERMSIG(status); }
    else { *code = 1; *signal = 0; }
    return 1;
}

int roster_cloexec_pipe(int fds[2]) {
    return pipe2(fds, O_CLOEXEC) == 0 ? 0 : errno;
}
