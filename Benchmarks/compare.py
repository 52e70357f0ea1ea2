"""Side-by-side figures for Roster that need whole processes: listing 100,000 users against the
official Python SDK, time to first rows in the TUI (from the app's own ROSTER_TRACE), peak RSS of
the TUI, and idle CPU. Run through compare.sh, which builds roster and prepares the SDK.

    python compare.py --roster PATH [--rounds N] [--users N] [--only list,first-rows,idle]
"""
import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TMUX = ["tmux", "-L", "roster-bench"]
CLK_TCK = os.sysconf("SC_CLK_TCK")


def median(values):
    return statistics.median(values) if values else float("nan")


class SandboxProcess:
    """`roster sandbox --users N` in the background; stops on close()."""

    def __init__(self, roster, users, env):
        self.proc = subprocess.Popen([roster, "sandbox", "--users", str(users), "--port", "0"],
                                     stdout=subprocess.PIPE, env=env, text=True)
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"roster sandbox --users {users} did not start")
        ready = json.loads(line)
        self.env = dict(env, LOOKERSDK_BASE_URL=ready["base_url"], LOOKERSDK_CLIENT_ID=ready["client_id"],
                        LOOKERSDK_CLIENT_SECRET=ready["client_secret"], LOOKERSDK_VERIFY_SSL="false")

    def close(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def timed(cmd, env, stdout=subprocess.DEVNULL):
    """Runs cmd; returns (wall seconds, CPU seconds of the child, completed process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({done.returncode}): {done.stderr.strip()[:500]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def list_users(args, env):
    """roster users list --format json against the SDK's search_users, alternating, same sandbox."""
    sandbox = SandboxProcess(args.roster, args.users, env)
    try:
        roster = [args.roster, "users", "list", "--format", "json", "--page-size", str(args.page_size)]
        python = [sys.executable, os.path.join(HERE, "sdk_list_users.py"), str(args.page_size)]
        # Check once, untimed, that both really list everyone.
        with tempfile.TemporaryFile("w+") as out:
            timed(roster, sandbox.env, stdout=out)
            out.seek(0)
            listed = len(json.load(out))
        counted = int(timed(python, sandbox.env, stdout=subprocess.PIPE)[2].stdout.strip())
        print(f"  check: roster listed {listed:,} users, the SDK {counted:,}")
        if listed != counted:
            raise SystemExit("the two listings differ")
        raw = lambda path: [sys.executable, os.path.join(HERE, "raw_list_users.py"), path, str(args.page_size)]
        contenders = [("roster", "roster users list --format json", roster),
                      ("sdk", "Python looker-sdk search_users", python),
                      ("raw-users", "floor: raw HTTP paging of /users", raw("/users")),
                      ("raw-search", "floor: raw HTTP paging of /users/search", raw("/users/search"))]
        rows = {key: [] for key, _, _ in contenders}
        for round_ in range(args.rounds):
            # Rotate the order, so no contender always runs first or right after another.
            shift = round_ % len(contenders)
            for key, _, cmd in contenders[shift:] + contenders[:shift]:
                wall, cpu, _ = timed(cmd, sandbox.env)
                rows[key].append((wall, cpu))
                print(f"  round {round_ + 1}: {key:10} {wall * 1000:8.0f} ms wall, {cpu * 1000:7.0f} ms CPU")
        r = median([w for w, _ in rows["roster"]])
        s = median([w for w, _ in rows["sdk"]])
        ratios = [sw / rw for (rw, _), (sw, _) in zip(rows["roster"], rows["sdk"])]
        print()
        print(f"  Listing {listed:,} users, page size {args.page_size}, {args.rounds} rounds (medians)")
        print(f"  {'client':42} {'wall ms':>9} {'CPU ms':>9}")
        for key, label, _ in contenders:
            print(f"  {label:42} {median([w for w, _ in rows[key]]) * 1000:9.0f} {median([c for _, c in rows[key]]) * 1000:9.0f}")
        verdict = "met" if s / r >= 5 else "MISSED"
        print(f"  ratio SDK / roster: {s / r:.1f}× (ratio of medians), per round median {median(ratios):.1f}×  "
              f"target ≥ 5×: {verdict}")
    finally:
        sandbox.close()


def tmux_run(name, command, env):
    subprocess.run(TMUX + ["kill-session", "-t", name], stderr=subprocess.DEVNULL)
    subprocess.run(TMUX + ["new-session", "-d", "-s", name, "-x", "200", "-y", "60", command], env=env, check=True)
    pid = subprocess.run(TMUX + ["display-message", "-p", "-t", name, "#{pane_pid}"],
                         capture_output=True, text=True, check=True).stdout.strip()
    return int(pid)


def read_trace(path):
    events = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line:
                    e = json.loads(line)
                    events[e["event"]] = e["ms"]
    return events


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise SystemExit(f"timed out waiting for {what}")


def quit_tui(name):
    subprocess.run(TMUX + ["send-keys", "-t", name, "q"], check=True)
    wait_for(lambda: subprocess.run(TMUX + ["has-session", "-t", name], stderr=subprocess.DEVNULL).returncode != 0,
             15, "the TUI to quit")


def status_field(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def tui_command(args, trace, extra=""):
    return f"exec env ROSTER_TRACE={trace} {args.roster} {extra}".strip()


def first_rows(args, env):
    """Time to first rows and all loaded, from the app's trace, at two instance sizes; peak RSS."""
    results = []
    for users in (args.small, args.users):
        sandbox = SandboxProcess(args.roster, users, env)
        try:
            runs = []
            for i in range(args.rounds):
                trace = os.path.join(args.tmp, f"trace-{users}-{i}.jsonl")
                pid = tmux_run("ttfr", tui_command(args, trace), sandbox.env)
                events = wait_for(lambda: (e := read_trace(trace)).get("all_loaded") and e, 120, "all_loaded")
                time.sleep(0.3)
                hwm = status_field(pid, "VmHWM")
                quit_tui("ttfr")
                runs.append((events.get("first_frame", float("nan")), events["first_rows"], events["all_loaded"], hwm))
                print(f"  {users:>7,} users, run {i + 1}: first frame {runs[-1][0]:7.1f} ms, first rows {runs[-1][1]:7.1f} ms, "
                      f"all loaded {runs[-1][2]:8.1f} ms, peak RSS {hwm / 1024:6.1f} MiB")
            results.append((users, [median([r[k] for r in runs]) for k in range(4)]))
        finally:
            sandbox.close()
    print()
    print(f"  Time to first rows (ROSTER_TRACE, ms from process start), 200×60 tmux, medians of {args.rounds} runs")
    print(f"  {'users':>8} {'first frame':>12} {'first rows':>11} {'all loaded':>11} {'peak RSS':>10}")
    for users, (ff, fr, al, hwm) in results:
        print(f"  {users:>8,} {ff:12.1f} {fr:11.1f} {al:11.1f} {hwm / 1024:7.1f} MiB")
    big = results[-1][1]
    print(f"  first rows at {args.users:,}: {'met' if big[1] <= 150 else 'MISSED'} (target ≤ 150 ms); "
          f"{args.small:,} vs {args.users:,}: {results[0][1][1]:.1f} vs {big[1]:.1f} ms; "
          f"peak RSS {'met' if big[3] * 1024 <= 120e6 else 'MISSED'} (target ≤ 120 MB)")


def cpu_sample(pid):
    """utime+stime of the whole process in ms (/proc/PID/stat, clock ticks), and per thread: on-CPU ns
    (schedstat) and voluntary + involuntary context switches."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks_ms = (int(fields[11]) + int(fields[12])) * 1000 / CLK_TCK
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                ns = int(f.read().split()[0])
            switches = (status_field(f"{pid}/task/{tid}", "voluntary_ctxt_switches")
                        + status_field(f"{pid}/task/{tid}", "nonvoluntary_ctxt_switches"))
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
            threads[tid] = (ns, switches, name)
        except FileNotFoundError:
            pass
    return ticks_ms, threads


def idle_delta(a, b):
    """(CPU ms from stat, on-CPU ms of threads alive throughout, their switches, threads started, threads ended, names)."""
    both = a[1].keys() & b[1].keys()
    ns = sum(b[1][t][0] - a[1][t][0] for t in both)
    switches = sum(b[1][t][1] - a[1][t][1] for t in both)
    busy = sorted(f"{b[1][t][2]}:{b[1][t][1] - a[1][t][1]}" for t in both if b[1][t][1] != a[1][t][1])
    return (b[0] - a[0], ns / 1e6, switches, len(b[1].keys() - a[1].keys()), len(a[1].keys() - b[1].keys()), busy)


def idle(args, env):
    """CPU and wake-ups of the TUI sitting idle for 10 s after everything has loaded."""
    setups = [("demo (--demo, sandbox in process)", "--demo", None),
              (f"external sandbox, {args.small:,} users", "", args.small)]
    rows = []
    for label, extra, users in setups:
        sandbox = SandboxProcess(args.roster, users, env) if users else None
        try:
            samples = []
            for i in range(args.idle_runs):
                trace = os.path.join(args.tmp, f"idle-{i}.jsonl")
                pid = tmux_run("idle", tui_command(args, trace, extra), sandbox.env if sandbox else env)
                wait_for(lambda: read_trace(trace).get("all_loaded"), 120, "all_loaded")
                time.sleep(2)   # the first user's credential arrives, the flash of the start expires
                a = cpu_sample(pid)
                time.sleep(10)
                b = cpu_sample(pid)
                quit_tui("idle")
                sample = idle_delta(a, b)
                samples.append(sample)
                print(f"  {label}, run {i + 1}: {sample[0]:.0f} ms CPU (stat), {sample[1]:.2f} ms on CPU (schedstat), "
                      f"{sample[2]} context switches, threads started {sample[3]}, ended {sample[4]} "
                      f"({len(b[1])} threads; woken: {', '.join(sample[5]) or 'none'})")
            rows.append((label, [median([s[k] for s in samples]) for k in range(5)]))
        finally:
            if sandbox:
                sandbox.close()
    print()
    print(f"  Idle 10 s after all loaded, medians of {args.idle_runs} runs")
    print(f"  {'setup':40} {'CPU ms (stat)':>13} {'on-CPU ms':>10} {'switches':>9} {'threads +/-':>12}")
    for label, (ticks, ms, switches, started, ended) in rows:
        print(f"  {label:40} {ticks:13.0f} {ms:10.2f} {switches:9.0f} {f'+{started:.0f}/-{ended:.0f}':>12}")
    print(f"  CPU ≤ 10 ms in 10 s: {'met' if all(r[1][1] <= 10 for r in rows) else 'MISSED'} (on-CPU time); "
          f"no wake-ups without input or messages: {'met' if all(r[1][2] == 0 for r in rows) else 'MISSED'} "
          f"(the woken threads are listed per run above)")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--roster", required=True)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--idle-runs", type=int, default=2)
    p.add_argument("--users", type=int, default=100_000)
    p.add_argument("--small", type=int, default=10_000)
    p.add_argument("--page-size", type=int, default=1000)
    p.add_argument("--only", default="list,first-rows,idle")
    args = p.parse_args()
    if not shutil.which("tmux") and args.only != "list":
        raise SystemExit("tmux is needed for first-rows and idle")
    args.tmp = tempfile.mkdtemp(prefix="roster-bench-")
    # Roster's log and state go to a scratch folder, never the user's.
    env = dict(os.environ, XDG_STATE_HOME=os.path.join(args.tmp, "state"), XDG_CONFIG_HOME=os.path.join(args.tmp, "config"),
               LANG=os.environ.get("LANG") or "C.UTF-8")
    for k in [k for k in env if k.startswith("LOOKERSDK_")]:
        del env[k]
    print(f"compare: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    try:
        for part in args.only.split(","):
            print(f"\n== {part}")
            {"list": list_users, "first-rows": first_rows, "idle": idle}[part](args, env)
    finally:
        subprocess.run(TMUX + ["kill-server"], stderr=subprocess.DEVNULL)
        shutil.rmtree(args.tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
