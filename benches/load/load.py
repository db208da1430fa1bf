#!/usr/bin/env python3
"""Many clerks on one database: N real antq sessions, each in its own pseudo-terminal at 80x24.

Every session opens the demo's current year (Tỉnh Quảng Trị 2025, communes directly under the
province), goes to a cell of its own and types values at a clerk's pace: the digits of a value,
Enter (commit; the cursor moves down), Up (back to the cell), about 4 keys a second with some jitter.
The harness plays the terminal: it answers the queries a terminal answers (cursor position, device
attributes, keyboard protocol, colours) and counts them, before and after the first screen.

It prints:
  echo p50 / p99 / max   time from a key's write() to the first byte the session sends after it
  commits                values committed with Enter
  lost                   commits whose value is missing from the audit log of that cell
  queries                terminal queries after start-up (and during it)
  CPU per key            user + system time of all antq processes / keys typed, and the same for
                         `vim -u NONE` driven with the same keys in the same run (--vim)
  integrity              PRAGMA integrity_check and `antq verify`

Standard library only (Linux: forkpty, /proc). Use a release build:

    cargo build --release
    python3 benches/load/load.py --sessions 50 --seconds 60 --vim
"""

import argparse
import fcntl
import os
import random
import re
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import termios
import time

YEAR = 2025
ROWS, COLS = 24, 80

# What a terminal answers. Each pattern is a query an application may send; the reply is what an
# xterm-like terminal would write back.
QUERIES = [
    (re.compile(rb"\x1b\[6n"), lambda m: b"\x1b[1;1R"),
    (re.compile(rb"\x1b\[\?6n"), lambda m: b"\x1b[?1;1;1R"),
    (re.compile(rb"\x1b\[>?0?c"), lambda m: b"\x1b[?62;22c"),
    (re.compile(rb"\x1b\[\?u"), lambda m: b"\x1b[?0u"),
    (re.compile(rb"\x1b\]1[01];\?(\x07|\x1b\\)"), lambda m: b"\x1b]11;rgb:0000/0000/0000\x1b\\"),
    (re.compile(rb"\x1b\[18t"), lambda m: b"\x1b[8;24;80t"),
]


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * (len(s) - 1)))))
    return s[k]


def cpu_seconds(pid):
    """CPU time of a live process's threads in seconds, from the scheduler's nanosecond counters
    (/proc/PID/task/*/schedstat): the clock-tick counters of /proc/PID/stat are too coarse for
    vim's fraction of a millisecond per key."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
    except (OSError, IndexError, ValueError):
        return None
    return total / 1e9


class Session:
    def __init__(self, index, argv, env):
        self.index = index
        pid, fd = os.forkpty()
        if pid == 0:
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.pid, self.fd = pid, fd
        self.started = time.monotonic()
        self.last_output = None
        self.ready = False
        self.pending = []  # send times of keys whose first reply byte has not come yet
        self.echo = []  # seconds
        self.queries_startup = 0
        self.queries = 0
        self.tail = b""
        self.committed = []  # values committed with Enter
        self.plan = []  # keys still to send in the current value
        self.next_at = None
        self.cycle = 0
        self.keys = 0
        self.cpu = None
        self.status = None

    def write(self, data):
        try:
            os.write(self.fd, data)
        except OSError:
            pass

    def on_output(self, data, now):
        self.last_output = now
        if self.pending:
            self.echo.append(now - self.pending[0])
            self.pending.clear()
        buf = self.tail + data
        for pattern, reply in QUERIES:
            for m in pattern.finditer(buf):
                if m.end() <= len(self.tail):
                    continue  # already answered in the previous chunk
                if self.ready:
                    self.queries += 1
                else:
                    self.queries_startup += 1
                self.write(reply(m))
        self.tail = buf[-16:]

    def send_key(self, key, now, measured=True):
        self.write(key)
        if measured:
            self.pending.append(now)
            self.keys += 1


def value_for(session, cycle, column):
    # Distinct consecutive values, so that every commit changes the cell and leaves an audit row.
    if column == 0:
        return 100 + (session * 7 + cycle) % 400
    return 1 + (session + cycle) % 9


def run(args, program, db, env, vim=False, vim_dir=None):
    rng = random.Random(args.seed)
    sessions = []
    cells = []
    for i in range(args.sessions):
        row, column = i % args.rows, (i // args.rows) % 2
        cells.append((row, column))
        if vim:
            path = os.path.join(vim_dir, f"f{i}.txt")
            with open(path, "w") as f:
                f.write("\n" * 200)
            argv = [program, "-u", "NONE", "-N", "-i", "NONE", "-n", "+startinsert", path]
        else:
            argv = [program, "--db", db, "--year", str(YEAR)]
        sessions.append(Session(i, argv, env))
        time.sleep(args.stagger)
    by_fd = {s.fd: s for s in sessions}

    # Start-up: each session is ready after its first output and a quiet 300 ms.
    deadline = time.monotonic() + 60 + args.sessions * 0.5
    while not all(s.ready for s in sessions) and time.monotonic() < deadline:
        pump(by_fd, 0.05)
        now = time.monotonic()
        for s in sessions:
            if not s.ready and s.last_output and now - s.last_output > 0.3:
                s.ready = True
    if not all(s.ready for s in sessions):
        sys.exit("sessions did not start")
    # Walk each session to its cell (not measured).
    for s in sessions:
        row, column = cells[s.index]
        if not vim:
            for _ in range(row):
                s.send_key(b"\x1b[B", 0, measured=False)
            for _ in range(column):
                s.send_key(b"\x1b[C", 0, measured=False)
    settle(by_fd, 1.0)
    for s in sessions:
        s.pending.clear()
        s.echo.clear()
        s.cpu0 = cpu_seconds(s.pid)
        s.next_at = time.monotonic() + rng.uniform(0, args.gap)

    end = time.monotonic() + args.seconds
    while time.monotonic() < end:
        now = time.monotonic()
        wake = min(s.next_at for s in sessions)
        pump(by_fd, max(0.0, min(wake - now, 0.05)))
        now = time.monotonic()
        for s in sessions:
            if now < s.next_at:
                continue
            if not s.plan:
                v = value_for(s.index, s.cycle, cells[s.index][1])
                s.cycle += 1
                s.plan = [d.encode() for d in str(v)] + [b"\r", b"\x1b[A"]
                s.current = v
            key = s.plan.pop(0)
            s.send_key(key, now)
            if key == b"\r":
                s.committed.append(s.current)
            s.next_at = now + args.gap * rng.uniform(0.8, 1.2)
    settle(by_fd, 1.0)
    for s in sessions:
        c = cpu_seconds(s.pid)
        s.cpu = None if c is None or s.cpu0 is None else c - s.cpu0
    # Quit: antq with q in the grid; vim with Esc :q!.
    for s in sessions:
        s.write(b"\x1b:q!\r" if vim else b"q")
    deadline = time.monotonic() + 30
    alive = {s.pid: s for s in sessions}
    while alive and time.monotonic() < deadline:
        pump(by_fd, 0.05)
        for pid in list(alive):
            got, status = os.waitpid(pid, os.WNOHANG)
            if got:
                alive.pop(pid).status = status
    for s in alive.values():
        os.kill(s.pid, signal.SIGKILL)
        os.waitpid(s.pid, 0)
    for s in sessions:
        os.close(s.fd)
    return sessions, cells


def pump(by_fd, timeout):
    r, _, _ = select.select(list(by_fd), [], [], timeout)
    now = time.monotonic()
    for fd in r:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b""
        if data:
            by_fd[fd].on_output(data, now)


def settle(by_fd, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pump(by_fd, 0.05)


def lost_values(db, sessions, cells):
    """Commits missing from the audit log: each session's committed values must all appear, in
    order, among the audit rows of one cell."""
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT locality_code, field, new_value FROM audit_log "
        "WHERE entity = 'assessment' AND source = 'tui' AND year = ? ORDER BY id",
        (YEAR,),
    ).fetchall()
    con.close()
    by_cell = {}
    for code, field, value in rows:
        by_cell.setdefault((code, field), []).append(value)
    lost = 0
    for s in sessions:
        want = [str(v) for v in s.committed]
        best = 0
        for values in by_cell.values():
            # Longest prefix-preserving match of want inside values (a subsequence).
            it = iter(values)
            matched = sum(1 for v in want if any(v == x for x in it))
            best = max(best, matched)
        lost += len(want) - best
    return lost


def summarise(label, sessions, lost=None):
    echo = [e * 1000 for s in sessions for e in s.echo]
    keys = sum(s.keys for s in sessions)
    cpu = sum(s.cpu or 0 for s in sessions)
    out = {
        "label": label,
        "sessions": len(sessions),
        "keys": keys,
        "commits": sum(len(s.committed) for s in sessions),
        "echo_p50_ms": percentile(echo, 50),
        "echo_p99_ms": percentile(echo, 99),
        "echo_max_ms": max(echo) if echo else float("nan"),
        "silent_keys": keys - len(echo),
        "queries_after_startup": sum(s.queries for s in sessions),
        "queries_at_startup": sum(s.queries_startup for s in sessions),
        "cpu_per_key_ms": 1000 * cpu / keys if keys else float("nan"),
    }
    if lost is not None:
        out["lost"] = lost
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", "-n", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--gap", type=float, default=0.25, help="seconds between a session's keys")
    ap.add_argument("--stagger", type=float, default=0.02, help="seconds between session starts")
    ap.add_argument("--rows", type=int, default=70, help="grid rows the sessions spread over")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bin", default="target/release/antq")
    ap.add_argument("--vim", action="store_true", help="also drive vim -u NONE with the same keys")
    ap.add_argument("--color", action="store_true", help="leave NO_COLOR unset")
    args = ap.parse_args()

    program = os.path.abspath(args.bin)
    with tempfile.TemporaryDirectory(prefix="antq-load-") as tmp:
        db = os.path.join(tmp, "load.sqlite3")
        env = {
            "HOME": tmp,
            "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
            "XDG_DATA_HOME": os.path.join(tmp, "data"),
            "ANTQ_SYSTEM_CONFIG": "",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TERM": "xterm-256color",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        }
        if not args.color:
            env["NO_COLOR"] = "1"
        subprocess.run([program, "--db", db, "init", "--demo"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sessions, cells = run(args, program, db, env)
        result = summarise("antq", sessions, lost_values(db, sessions, cells))
        con = sqlite3.connect(db)
        result["integrity_check"] = con.execute("PRAGMA integrity_check").fetchone()[0]
        con.close()
        verify = subprocess.run([program, "--db", db, "verify"], env=env,
                                capture_output=True, text=True)
        result["verify"] = "exit %d: %s" % (verify.returncode, " / ".join(verify.stdout.strip().splitlines()))
        results = [result]
        if args.vim:
            vim_dir = os.path.join(tmp, "vim")
            os.mkdir(vim_dir)
            vim_sessions, _ = run(args, "/usr/bin/vim", db, env, vim=True, vim_dir=vim_dir)
            results.append(summarise("vim -u NONE", vim_sessions))
    for r in results:
        print(f"== {r['label']}: {r['sessions']} sessions, {r['keys']} keys, {r['commits']} commits")
        print(f"   echo p50 {r['echo_p50_ms']:.2f} ms · p99 {r['echo_p99_ms']:.2f} ms · "
              f"max {r['echo_max_ms']:.2f} ms · silent keys {r['silent_keys']}")
        print(f"   terminal queries after start-up {r['queries_after_startup']} "
              f"(at start-up {r['queries_at_startup']})")
        print(f"   CPU per key {r['cpu_per_key_ms']:.3f} ms")
        if "lost" in r:
            print(f"   lost {r['lost']} · integrity_check {r['integrity_check']} · verify {r['verify']}")
    if args.vim and results[1]["cpu_per_key_ms"] > 0:
        print(f"== CPU per key: antq / vim = {results[0]['cpu_per_key_ms'] / results[1]['cpu_per_key_ms']:.1f}×")


if __name__ == "__main__":
    main()
