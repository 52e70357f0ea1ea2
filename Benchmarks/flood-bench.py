#!/usr/bin/env python3
"""Measures what a flood of keys costs the TUI: a 1 MB paste and a held r (issue 18, point 7).

Runs `roster sandbox --request-log` and `roster --read-only` on it in a tmux session of its own,
then prints, for each scenario, the TUI's CPU seconds, peak and settled RSS, the requests that
reached the sandbox, and how long q took to quit. Every wait polls with a deadline.

Usage: python3 Benchmarks/flood-bench.py [ROSTER_BINARY] [--users N]
"""
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

ROSTER = next((a for a in sys.argv[1:] if not a.startswith("--")), ".build/debug/roster")
USERS = int(sys.argv[sys.argv.index("--users") + 1]) if "--users" in sys.argv else 500
SOCKET = f"roster-flood-{os.getpid()}"
WORDS = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do", "eiusmod",
         "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliba", "jk", "gG", "/path/to"]


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True).stdout


def flood_text(size):
    """The same text as the tests' FloodText: words without q, spaces, newlines, some slashes."""
    parts, total, i = [], 0, 0
    while total < size:
        word = WORDS[(i * 7 + i // 3) % len(WORDS)] + ("\n" if i % 11 == 10 else " ")
        parts.append(word)
        total += len(word)
        i += 1
    return "".join(parts)


def wait(what, condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    print(f"  timed out waiting for {what}")
    return False


class Session:
    def __init__(self, name):
        self.dir = tempfile.mkdtemp(prefix="roster-flood-")
        self.log = os.path.join(self.dir, "requests.jsonl")
        self.sandbox = subprocess.Popen([ROSTER, "sandbox", "--users", str(USERS), "--request-log", self.log],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        ready = json.loads(self.sandbox.stdout.readline())
        self.last_cpu = 0.0
        env = " ".join(f"{k}={shlex.quote(v)}" for k, v in [
            ("LOOKERSDK_BASE_URL", ready["base_url"]), ("LOOKERSDK_CLIENT_ID", ready["client_id"]),
            ("LOOKERSDK_CLIENT_SECRET", ready["client_secret"]), ("XDG_STATE_HOME", self.dir + "/state"),
            ("XDG_CONFIG_HOME", self.dir + "/config"), ("LANG", "C.UTF-8"), ("TERM", "xterm-256color")])
        pid_file = os.path.join(self.dir, "pid")
        self.name = name
        tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "35",
             f"export {env}; sh -c 'echo $$ > {pid_file}; exec {ROSTER} --read-only'; echo EXIT=$?; sleep 600")
        wait("the list", lambda: "(all loaded)" in self.screen())
        self.pid = int(open(pid_file).read())

    def screen(self):
        return tmux("capture-pane", "-p", "-t", self.name)

    def alive(self):
        return os.path.exists(f"/proc/{self.pid}")

    def cpu(self):
        try:
            fields = open(f"/proc/{self.pid}/stat").read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            return self.last_cpu
        
    def mem(self, field):
        try:
            for line in open(f"/proc/{self.pid}/status"):
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def requests(self):
        try:
            return [json.loads(line) for line in open(self.log) if line.strip()]
        except OSError:
            return []

    def loads(self):
        return sum(1 for r in self.requests() if r["method"] == "GET" and r["path"].endswith("/users") and "offset=0" in r["query"])

    def idle(self, quiet=1.0, timeout=300.0):
        """Waits until the TUI's CPU time has not moved for `quiet` seconds; returns when it started being idle."""
        start = time.monotonic()
        last, since = self.cpu(), time.monotonic()
        while time.monotonic() - start < timeout:
            time.sleep(0.1)
            now = self.cpu()
            if now - last > 0.02:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return since
        return None

    def close(self):
        tmux("kill-session", "-t", self.name)
        self.sandbox.terminate()
        try:
            self.sandbox.wait(timeout=10)
        except subprocess.TimeoutExpired:   # a sandbox swamped by cancelled requests may not stop
            self.sandbox.kill()
            self.sandbox.wait()


def paste(session, text):
    path = os.path.join(session.dir, "paste.txt")
    with open(path, "w") as f:
        f.write(text)
    tmux("load-buffer", "-b", "flood", path)
    tmux("paste-buffer", "-b", "flood", "-t", session.name)


def quit_time(session):
    start = time.monotonic()
    tmux("send-keys", "-t", session.name, "Escape")
    tmux("send-keys", "-t", session.name, "Escape")
    tmux("send-keys", "-t", session.name, "q")
    ok = wait("q to quit", lambda: not session.alive(), timeout=300)
    return time.monotonic() - start if ok else float("nan")


def main():
    print(f"roster: {ROSTER}  users: {USERS}")
    text = flood_text(1 << 20)

    s = Session("paste")
    cpu0, rss0, req0 = s.cpu(), s.mem("VmRSS"), len(s.requests())
    s.last_cpu = cpu0
    start = time.monotonic()
    paste(s, text)
    idle_at = s.idle()
    drained = (idle_at - start) if idle_at else float("nan")
    cpu1, hwm, rss1 = s.cpu(), s.mem("VmHWM"), s.mem("VmRSS")
    s.last_cpu = cpu1
    reqs = s.requests()[req0:]
    gets = sum(1 for r in reqs if r["method"] == "GET")
    print(f"1 MB paste, then idle: busy {drained:.2f} s, CPU {cpu1 - cpu0:.2f} s, RSS {rss0:.0f} -> peak {hwm:.0f} -> "
          f"settled {rss1:.0f} MB, {len(reqs)} requests ({gets} GET, {s.loads()} listings in all)")
    print(f"  q after the paste settled: quit in {quit_time(s):.2f} s")
    s.close()

    s = Session("paste-q")
    s.last_cpu = s.cpu()
    start = time.monotonic()
    paste(s, text)
    tmux("send-keys", "-t", s.name, "Escape")
    tmux("send-keys", "-t", s.name, "Escape")
    tmux("send-keys", "-t", s.name, "q")
    ok = wait("q to quit", lambda: not s.alive(), timeout=300)
    print(f"1 MB paste then q at once: quit {time.monotonic() - start:.2f} s after the paste began" if ok else
          "1 MB paste then q at once: still running after 300 s")
    s.close()

    s = Session("held-r-burst")
    before = s.loads()
    tmux("send-keys", "-t", s.name, "-l", "r" * 200)
    s.idle()
    print(f"held r, 200 keys at once: {s.loads() - before} listings reached the sandbox")
    s.close()

    s = Session("held-r-30hz")
    before = s.loads()
    for _ in range(200):
        tmux("send-keys", "-t", s.name, "r")
        time.sleep(1 / 30)   # the pace of a held key (a load generator, not a synchronisation)
    s.idle()
    print(f"held r, 200 keys at about 30/s: {s.loads() - before} listings reached the sandbox")
    s.close()


if __name__ == "__main__":
    try:
        main()
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
