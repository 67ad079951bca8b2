#!/usr/bin/env python3
"""What a learner waits for, timed from outside on a pseudo-terminal.

Criterion (benches/screens.rs, benches/labs.rs) times the work inside the
process; this harness adds what it cannot see: process start, the terminal
set-up and the bytes the terminal has to take in.

  python3 benches/pty_timing.py first-frame [--runs N] [--bin PATH] [--data DIR]
      Spawn `kltutor --first-frame-and-exit` (the home screen; a new learner,
      or the learner whose data directory is DIR) and time
      until the last word of its key line ("quit") has arrived on the pty. Two floors are timed the
      same way, spawn until exit: a do-nothing binary (/bin/true) and
      `kltutor --version` (loading this binary and parsing arguments).

  python3 benches/pty_timing.py keys [--lab heatmap] [--key m] [--runs N]
      Open a lab at 200x60, then press KEY N times; for each press, time
      from writing the key until the last byte of the redraw arrives (the
      output is quiet for 60 ms) and count the bytes the redraw wrote.

Medians and minimums are printed: on a shared machine the minimum is the
best estimate of the cost, the median says how noisy it was.
"""

import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BIN = os.environ.get(
    "KLTUTOR_BIN",
    os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(HERE, "..", "target")),
                 "release", "kltutor"),
)


def open_pty(cols, rows):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    return master, slave


def spawn(argv, cols, rows, env_extra=None):
    master, slave = open_pty(cols, rows)
    env = dict(os.environ, TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    env.update(env_extra or {})
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                            start_new_session=True, env=env, close_fds=True)
    os.close(slave)
    return t0, proc, master


def read_until(master, needle, timeout=5.0):
    """Reads until `needle` is in the output; returns (time it arrived, bytes)."""
    buf = b""
    deadline = time.perf_counter() + timeout
    while needle not in buf:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise TimeoutError(f"{needle!r} did not appear; got {len(buf)} bytes")
        r, _, _ = select.select([master], [], [], left)
        if r:
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                raise TimeoutError(f"pty closed before {needle!r}")
            if not chunk:
                raise TimeoutError(f"pty closed before {needle!r}")
            buf += chunk
    return time.perf_counter(), buf


def read_quiet(master, quiet=0.06, timeout=5.0):
    """Reads until nothing arrives for `quiet` s; returns (time of last byte, bytes)."""
    buf = b""
    last = time.perf_counter()
    deadline = last + timeout
    while time.perf_counter() < deadline:
        r, _, _ = select.select([master], [], [], quiet)
        if not r:
            break
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:
            break
        if not chunk:
            break
        buf += chunk
        last = time.perf_counter()
    return last, buf


def drain_and_wait(proc, master):
    try:
        while True:
            r, _, _ = select.select([master], [], [], 0.5)
            if not r or not os.read(master, 1 << 16):
                break
    except OSError:
        pass
    proc.wait()
    os.close(master)


def summary(name, xs, unit="ms"):
    xs = sorted(xs)
    print(f"{name}: median {statistics.median(xs):.2f} {unit}, min {xs[0]:.2f}, "
          f"max {xs[-1]:.2f} over {len(xs)} runs")


def first_frame(args):
    floor = []
    for _ in range(args.runs):
        t0, proc, master = spawn(["/bin/true"], 80, 24)
        proc.wait()
        floor.append((time.perf_counter() - t0) * 1e3)
        os.close(master)
    summary("do-nothing binary (/bin/true, spawn to exit)", floor)
    version = []
    for _ in range(args.runs):
        t0, proc, master = spawn([args.bin, "--version"], 80, 24)
        proc.wait()
        version.append((time.perf_counter() - t0) * 1e3)
        os.close(master)
    summary("kltutor --version (spawn to exit: loading the binary)", version)
    times = []
    with tempfile.TemporaryDirectory() as fresh:
        data = args.data or fresh
        for _ in range(args.runs):
            t0, proc, master = spawn([args.bin, "--first-frame-and-exit"], 80, 24,
                                     {"KLTUTOR_DATA_DIR": data})
            t, _ = read_until(master, b"quit")
            times.append((t - t0) * 1e3)
            drain_and_wait(proc, master)
    who = f"the learner in {args.data}" if args.data else "a new learner"
    summary(f"kltutor first frame (spawn to the home screen's last word; {who})", times)


def keys(args):
    with tempfile.TemporaryDirectory() as data:
        t0, proc, master = spawn([args.bin, "lab", args.lab], 200, 60,
                                 {"KLTUTOR_DATA_DIR": data})
        read_quiet(master, quiet=0.3)
        lat, size = [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            os.write(master, args.key.encode())
            last, out = read_quiet(master)
            lat.append((last - t) * 1e3)
            size.append(len(out) / 1e3)
        os.write(master, b"q")
        drain_and_wait(proc, master)
    summary(f"lab {args.lab}, key {args.key!r}: key to last byte of the redraw", lat)
    summary("bytes written per redraw", size, "KB")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["first-frame", "keys"])
    ap.add_argument("--bin", default=DEFAULT_BIN)
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--data", default=None,
                    help="first-frame: the learner's data directory (KLTUTOR_DATA_DIR; "
                         "default a fresh one, a new learner). For a long history, write one "
                         "with `cargo run --release --example heavy_history -- DIR`; it is "
                         "only read (--first-frame-and-exit saves nothing)")
    ap.add_argument("--lab", default="heatmap")
    ap.add_argument("--key", default="m")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"no binary at {args.bin}: cargo build --release first (or --bin PATH)")
    {"first-frame": first_frame, "keys": keys}[args.what](args)


if __name__ == "__main__":
    main()
