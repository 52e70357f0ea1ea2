#ifndef ROSTER_SERVE_SHIMS_H
#define ROSTER_SERVE_SHIMS_H

#include <sys/types.h>

/* A new pseudo-terminal: the master (O_CLOEXEC, not our controlling tty) and the slave's path.
 * Returns 0, or an errno value. */
int roster_pty_open(int *master, char *slave_path, unsigned long slave_path_len);

/* Opens the slave in this process (O_NOCTTY) and sets its size and modes: Ctrl-Z and Ctrl-\
 * generate no signal (VSUSP and VQUIT disabled), so a viewer cannot stop or core-dump the child.
 * Returns the fd, or -1 with errno set. */
int roster_pty_prepare_slave(const char *slave_path, unsigned short cols, unsigned short rows);

/* TIOCSWINSZ on `fd` (the master will do: the kernel applies it to the pair and sends SIGWINCH to
 * the slave's foreground process group). Returns 0 or an errno value. */
int roster_pty_set_size(int fd, unsigned short cols, unsigned short rows);

/* Spawns `path` in a new session whose controlling terminal is the pty at `slave_path`
 * (fds 0, 1, 2), with `extra_fd` as fd 3 (-1: none) and every other fd closed; signal mask empty
 * and the usual signals at their default disposition. Returns 0 or an errno value. */
int roster_spawn_on_pty(pid_t *pid, const char *path, char *const argv[], char *const envp[],
                        const char *slave_path, int extra_fd);

/* waitpid(pid, WNOHANG): 1 and the decoded status when the child has ended, 0 while it runs,
 * -1 on error. `code` is the exit code, or 128 + signal; `signal` is the signal or 0. */
int roster_reap(pid_t pid, int *code, int *signal);

/* pipe2(O_CLOEXEC): a pipe no other child inherits. Returns 0 or an errno value. */
int roster_cloexec_pipe(int fds[2]);

#endif
