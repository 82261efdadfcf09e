#!/usr/bin/env python3
"""Records the main scenario of actwiz as an asciinema cast (v2).

The wizard runs in a real pseudo-terminal; the keys below are typed with
human pauses and everything it draws is written with its time to
assets/demo/actwiz.cast, which asciinema plays (`asciinema play
assets/demo/actwiz.cast`) and assets/demo/render_gif.py turns into a GIF.

Usage: python3 assets/demo/record.py [BINARY]   (default target/release/actwiz)
Linux or macOS (it needs a pty).
"""
import fcntl
import json
import os
import pty
import select
import struct
import sys
import termios
import time

WIDTH, HEIGHT = 100, 30
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "actwiz.cast")

# (pause before, keys): a caller says "KMS is not enabled"; the agent
# searches, opens the code, answers the port question, reads the fix, shows
# it in French for the caller, back in English, shows the commands as
# PowerShell for an administrator, and quits.
SCRIPT = [
    (1.5, "kms not enabled"),
    (1.5, "\r"),
    (2.5, "2"),
    (3.0, "\x1b[B"),
    (1.5, "L"),
    (3.0, "L"),
    (2.0, "P"),
    (3.0, "q"),
]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/actwiz"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "TERM": "xterm-256color",
        "LANG": "en_US.UTF-8",
        "ACTWIZ_CLIPBOARD": "none",
        "XDG_CONFIG_HOME": "/nonexistent/actwiz-demo",
        "XDG_DATA_HOME": "/nonexistent/actwiz-demo",
        "ACTWIZ_SYSTEM_FLOWS": "/nonexistent/actwiz-demo",
        # The same first screen for everyone: no recent codes of this machine.
        "ACTWIZ_RECENT": "off",
    }
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(binary, [binary], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
    start = time.monotonic()
    events = []

    def pump(seconds):
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return True
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    return False
                if not data:
                    return False
                events.append([round(time.monotonic() - start, 3), "o", data.decode("utf-8", "replace")])

    # Type nothing before the wizard owns the terminal: until then the pty
    # would echo the keys itself. The cast starts at its first screen.
    waited = time.monotonic() + 30
    while not any("\x1b[?1049h" in e[2] for e in events) and time.monotonic() < waited:
        if not pump(0.1):
            break
    if events:
        shift = events[0][0]
        for event in events:
            event[0] = round(event[0] - shift, 3)
        start += shift
    for pause, keys in SCRIPT:
        if not pump(pause):
            break
        for key in [keys] if keys.startswith("\x1b") else list(keys):
            os.write(fd, key.encode())
            pump(0.08 if len(keys) > 1 else 0)
    pump(1.0)
    os.waitpid(pid, 0)
    header = {
        "version": 2,
        "width": WIDTH,
        "height": HEIGHT,
        "title": "actwiz: from 'KMS is not enabled' to the fix",
        "env": {"TERM": "xterm-256color", "SHELL": "/bin/sh"},
    }
    with open(OUT, "w", encoding="utf-8") as cast:
        cast.write(json.dumps(header) + "\n")
        for event in events:
            cast.write(json.dumps(event, ensure_ascii=False) + "\n")
    print(f"{OUT}: {len(events)} frames, {events[-1][0] if events else 0:.1f} s")


main()
