#!/usr/bin/env python3
"""Figures for `roster serve`, measured through OpenSSH's ssh client on loopback.

  - time from starting ssh to the first user rows on screen (handshake, auth, child start, login
    to the sandbox and the first page included), per user count, median of --runs;
  - bytes for a one-row scroll (`j`): what the session sent (pty bytes) and what ssh read from the
    socket (the encrypted wire bytes);
  - memory per session (the child's RSS) and, with --sessions open at once and idle, the server's
    RSS and CPU over 10 s.

Usage: Benchmarks/serve-bench.py [--roster .build/release/roster] [--users 10000,100000] [--runs 5] [--sessions 16]
Needs ssh and ssh-keygen. Starts `roster serve --demo` itself, on a free port, in a temporary folder.
"""
import argparse, fcntl, os, pty, select, shutil, signal, statistics, struct, subprocess, sys, tempfile, termios, time

FIRST_ROW = b"API Admin"      # the demo sandbox's user 1
ALL_LOADED = b"all loaded"


def winsize(fd, cols, rows):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


class Session:
    """One ssh client on a pty of its own; reads everything it prints."""

    def __init__(self, port, key, cols=120, rows=35):
        self.master, slave = pty.openpty()
        winsize(slave, cols, rows)
        self.start = time.perf_counter()
        self.proc = subprocess.Popen(
            ["ssh", "-p", str(port), "-i", key, "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
             "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
             "-o", "LogLevel=ERROR", "-tt", "viewer@127.0.0.1"],
            stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
        os.close(slave)
        self.buffer = bytearray()
        self.first_rows = None

    def pump(self, timeout):
        """Reads what is there within `timeout` s; returns the byte count."""
        r, _, _ = select.select([self.master], [], [], timeout)
        if not r:
            return 0
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return 0
        if self.first_rows is None and FIRST_ROW in self.buffer[-200:] + data:
            self.first_rows = time.perf_counter() - self.start
        self.buffer += data
        return len(data)

    def wait_for(self, needle, timeout=120):
        deadline = time.time() + timeout
        while needle not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError(f"no {needle!r} within {timeout} s")
            self.pump(0.05)

    def quiet(self, silence=0.4, timeout=30):
        """Reads until nothing arrived for `silence` s; returns the bytes read."""
        total, last, deadline = 0, time.time(), time.time() + timeout
        while time.time() - last < silence and time.time() < deadline:
            n = self.pump(0.05)
            if n:
                total += n
                last = time.time()
        return total

    def wire_read(self):
        with open(f"/proc/{self.proc.pid}/io") as f:
            return int(next(l for l in f if l.startswith("rchar:")).split()[1])

    def close(self):
        os.write(self.master, b"q")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def proc_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(next(l for l in f if l.startswith("VmRSS:")).split()[1])


def proc_cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def children(pid):
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, ValueError):
                pass
    return out


def start_server(roster, tmp, users, max_sessions):
    env = dict(os.environ, XDG_CONFIG_HOME=f"{tmp}/config", XDG_STATE_HOME=f"{tmp}/state")
    proc = subprocess.Popen([roster, "serve", "--demo", "--demo-users", str(users), "--listen", "127.0.0.1:0",
                             "--max-sessions", str(max_sessions)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = None
    for line in proc.stdout:
        if line.startswith("connect: ssh -p "):
            port = int(line.split()[3])
            break
    if port is None:
        raise RuntimeError("roster serve did not start")
    return proc, port


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--roster", default=".build/release/roster")
    ap.add_argument("--users", default="10000,100000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sessions", type=int, default=16, help="sessions open at once for the idle figures (0: skip)")
    args = ap.parse_args()
    roster = os.path.abspath(args.roster)
    tmp = tempfile.mkdtemp(prefix="roster-serve-bench-")
    try:
        os.makedirs(f"{tmp}/config/roster")
        key = f"{tmp}/id"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "bench@loopback", "-f", key], check=True)
        shutil.copy(key + ".pub", f"{tmp}/config/roster/authorized_keys")
        for users in [int(u) for u in args.users.split(",")]:
            server, port = start_server(roster, tmp, users, max(args.sessions, 16) + 4)
            try:
                firsts, scroll_pty, scroll_wire = [], [], []
                for _ in range(args.runs):
                    s = Session(port, key)
                    s.wait_for(FIRST_ROW)
                    firsts.append(s.first_rows * 1000)
                    s.wait_for(ALL_LOADED)
                    s.quiet()
                    before = s.wire_read()
                    os.write(s.master, b"j")
                    scroll_pty.append(s.quiet())
                    scroll_wire.append(s.wire_read() - before)
                    s.close()
                print(f"{users:>7} users: first rows {statistics.median(firsts):.0f} ms median "
                      f"(min {min(firsts):.0f}, max {max(firsts):.0f}, {args.runs} runs); "
                      f"one-row scroll {statistics.median(scroll_pty):.0f} pty bytes, "
                      f"{statistics.median(scroll_wire):.0f} bytes read by ssh from the socket")

                if args.sessions == 0:
                    continue
                rss_before = proc_rss_kib(server.pid)
                sessions = [Session(port, key, 100, 30) for _ in range(args.sessions)]
                for s in sessions:
                    s.wait_for(ALL_LOADED, timeout=300)
                for s in sessions:
                    s.quiet(silence=1.0)
                kids = children(server.pid)
                rss_children = [proc_rss_kib(k) for k in kids]
                cpu0 = proc_cpu_ticks(server.pid)
                kids_cpu0 = sum(proc_cpu_ticks(k) for k in kids)
                t0 = time.time()
                while time.time() - t0 < 10:
                    for s in sessions:
                        s.pump(0.01)
                elapsed = time.time() - t0
                hz = os.sysconf("SC_CLK_TCK")
                cpu_ms = (proc_cpu_ticks(server.pid) - cpu0) * 1000 / hz
                kids_ms = (sum(proc_cpu_ticks(k) for k in kids) - kids_cpu0) * 1000 / hz
                rss_after = proc_rss_kib(server.pid)
                print(f"{users:>7} users, {len(kids)} sessions idle {elapsed:.0f} s: server RSS {rss_after / 1024:.1f} MiB "
                      f"({(rss_after - rss_before) / max(len(kids), 1):.0f} KiB more per session), "
                      f"server CPU {cpu_ms:.0f} ms; per session (child) RSS {statistics.mean(rss_children) / 1024:.1f} MiB mean "
                      f"(max {max(rss_children) / 1024:.1f}); children CPU {kids_ms:.0f} ms in all")
                for s in sessions:
                    s.close()
            finally:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
