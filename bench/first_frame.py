#!/usr/bin/env python3
"""Time to first frame of a full-screen program in a pseudo-terminal.

Usage: first_frame.py RUNS MARKER_A -- CMD_A... ++ MARKER_B -- CMD_B...

Starts each command RUNS times, alternating A and B so that both see the
same machine load, in an 80x24 pty; the time is from the fork to the moment
MARKER appears in the output (the first frame is drawn), after which the
program is sent a key (Esc), then SIGTERM, and reaped. Prints the median,
mean and min of each, in ms, its mean CPU time (user + system, for the
whole life of the process, which then only waits for a key), and the
ratios of the median wall times and of the mean CPU times (A / B).
"""
import os, pty, select, signal, statistics, struct, sys, time, fcntl, termios


def first_frame(cmd, marker):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        # The size is set here, before the program starts: set by the parent
        # after the fork, it raced with the program's first size query (a
        # 0x0 terminal draws nothing, and the marker never came).
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execvp(cmd[0], cmd)
    started = time.perf_counter()
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = b""
    elapsed = None
    deadline = started + 10
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if marker.encode() in seen:
            elapsed = time.perf_counter() - started
            break
    try:
        os.write(fd, b"\x1b")
        time.sleep(0.02)
        os.kill(pid, signal.SIGTERM)
    except OSError:
        pass
    cpu = 0.0
    try:
        _, _, usage = os.wait4(pid, 0)
        cpu = usage.ru_utime + usage.ru_stime
    except ChildProcessError:
        pass
    os.close(fd)
    if elapsed is None:
        sys.exit(f"{cmd[0]}: marker {marker!r} never appeared; output: {seen[-300:]!r}")
    return elapsed * 1000, cpu * 1000


def parse(args):
    marker, sep, *cmd = args
    assert sep == "--", "expected MARKER -- CMD"
    return marker, cmd


def main():
    runs = int(sys.argv[1])
    rest = sys.argv[2:]
    cut = rest.index("++")
    a, b = parse(rest[:cut]), parse(rest[cut + 1:])
    times = {0: [], 1: []}
    cpus = {0: [], 1: []}
    for _ in range(runs):
        for i, (marker, cmd) in enumerate((a, b)):
            wall, cpu = first_frame(cmd, marker)
            times[i].append(wall)
            cpus[i].append(cpu)
    for i, (marker, cmd) in enumerate((a, b)):
        t = times[i]
        print(f"{os.path.basename(cmd[0])}: median {statistics.median(t):.2f} ms, "
              f"mean {statistics.mean(t):.2f} ms, min {min(t):.2f} ms, "
              f"cpu {statistics.mean(cpus[i]):.2f} ms ({runs} runs)")
    print(f"ratio (median): {statistics.median(times[0]) / statistics.median(times[1]):.2f}; "
          f"cpu {statistics.mean(cpus[0]) / max(statistics.mean(cpus[1]), 1e-6):.2f}")


main()
