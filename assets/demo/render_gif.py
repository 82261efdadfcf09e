#!/usr/bin/env python3
"""Turns the demo cast (assets/demo/actwiz.cast) into an animated GIF.

asciinema's own GIF renderer (agg) is not published on crates.io, so it
cannot be built here; this script does the same job with two PyPI
packages: pyte (a VT100/xterm screen emulator) replays the cast, and Pillow
draws each screen with a monospace font and writes the GIF.

Usage: python3 assets/demo/render_gif.py [CAST [GIF]]
Needs: pip install pyte pillow, and a monospace TrueType font (DejaVu Sans
Mono by default; set ACTWIZ_DEMO_FONT to another .ttf).
"""
import json
import os
import sys

import pyte
from PIL import Image, ImageDraw, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
FONT_SIZE = 15
# Longest pause kept between two frames: the recording waits for a reader,
# a GIF loops, so long waits only make it feel stuck.
MAX_PAUSE = 2.5
# How long the last screen stays before the GIF starts again.
LAST_FRAME = 4.0
BACKGROUND = (24, 24, 24)
FOREGROUND = (220, 220, 220)
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
    "/Library/Fonts/DejaVuSansMono.ttf",
    "C:\\Windows\\Fonts\\consola.ttf",
]
BOLD_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSansMono-Bold.ttf",
    "C:\\Windows\\Fonts\\consolab.ttf",
]
# pyte names the 8 basic colours; everything else comes as six hex digits.
NAMED = {
    "black": (0, 0, 0),
    "red": (205, 49, 49),
    "green": (13, 188, 121),
    "brown": (229, 229, 16),
    "yellow": (229, 229, 16),
    "blue": (36, 114, 200),
    "magenta": (188, 63, 188),
    "cyan": (17, 168, 205),
    "white": (229, 229, 229),
    "brightblack": (102, 102, 102),
    "brightred": (241, 76, 76),
    "brightgreen": (35, 209, 139),
    "brightbrown": (245, 245, 67),
    "brightyellow": (245, 245, 67),
    "brightblue": (59, 142, 234),
    "brightmagenta": (214, 112, 214),
    "brightcyan": (41, 184, 219),
    "brightwhite": (255, 255, 255),
}


def colour(name, default):
    if name == "default":
        return default
    if name in NAMED:
        return NAMED[name]
    try:
        return tuple(int(name[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return default


def font(candidates, variable):
    chosen = os.environ.get(variable)
    for path in ([chosen] if chosen else []) + candidates:
        if path and os.path.exists(path):
            return ImageFont.truetype(path, FONT_SIZE)
    sys.exit(f"no monospace font found: set {variable} to a .ttf file")


def read_cast(path):
    with open(path, encoding="utf-8") as cast:
        header = json.loads(cast.readline())
        events = []
        for line in cast:
            line = line.strip()
            if not line:
                continue
            time, kind, data = json.loads(line)
            if kind == "o":
                events.append((float(time), data))
    return header, events


def draw(screen, regular, bold, cell_w, cell_h):
    image = Image.new("RGB", (screen.columns * cell_w, screen.lines * cell_h), BACKGROUND)
    pen = ImageDraw.Draw(image)
    for y in range(screen.lines):
        row = screen.buffer[y]
        for x in range(screen.columns):
            char = row[x]
            fg = colour(char.fg, FOREGROUND)
            bg = colour(char.bg, BACKGROUND)
            if char.reverse:
                fg, bg = bg, fg
            left, top = x * cell_w, y * cell_h
            if bg != BACKGROUND:
                pen.rectangle([left, top, left + cell_w - 1, top + cell_h - 1], fill=bg)
            if char.data.strip():
                pen.text((left, top), char.data, font=bold if char.bold else regular, fill=fg)
            if char.underscore:
                pen.line([left, top + cell_h - 2, left + cell_w - 1, top + cell_h - 2], fill=fg)
    return image


def main():
    cast_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "actwiz.cast")
    gif_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "actwiz.gif")
    header, events = read_cast(cast_path)
    screen = pyte.Screen(header["width"], header["height"])
    stream = pyte.Stream(screen)
    regular = font(FONT_CANDIDATES, "ACTWIZ_DEMO_FONT")
    bold = font(BOLD_CANDIDATES, "ACTWIZ_DEMO_BOLD_FONT")
    cell_w = int(regular.getlength("M") + 0.5)
    cell_h = int(FONT_SIZE * 1.25)

    # Events that arrive within one frame time are drawn as one screen.
    frames, durations = [], []
    last_time = None
    for index, (time, data) in enumerate(events):
        # pyte has no alternate screen: what the wizard prints after leaving
        # it would be drawn over its last screen. The GIF ends there.
        leaving = data.find("\x1b[?1049l")
        if leaving >= 0:
            stream.feed(data[:leaving])
            frames.append(draw(screen, regular, bold, cell_w, cell_h))
            durations.append(LAST_FRAME)
            break
        stream.feed(data)
        next_time = events[index + 1][0] if index + 1 < len(events) else None
        if next_time is not None and next_time - time < 0.05:
            continue
        if last_time is not None and durations:
            durations[-1] = min(time - last_time, MAX_PAUSE)
        frames.append(draw(screen, regular, bold, cell_w, cell_h))
        durations.append(LAST_FRAME)
        last_time = time
    if not frames:
        sys.exit(f"{cast_path}: no output events")
    # The last screen drawn before leaving is the wizard's closing frame, the
    # same as the one before it: keep the reader on the resolution instead.
    if len(frames) > 1 and frames[-1].tobytes() == frames[-2].tobytes():
        frames.pop()
        durations.pop()
        durations[-1] = LAST_FRAME
    frames[0].save(
        gif_path,
        save_all=True,
        append_images=frames[1:],
        duration=[max(20, int(d * 1000)) for d in durations],
        loop=0,
        optimize=True,
    )
    print(f"{gif_path}: {len(frames)} frames, {os.path.getsize(gif_path) // 1024} KB")


if __name__ == "__main__":
    main()
