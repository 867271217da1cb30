#!/usr/bin/env python3
"""Drives the real `riverchief` binary through pyte, an emulator the project does not share with
tmux, and checks what a person would see (issue 10, issue 16).

    rc_emulator.py BINARY DATA MODE [--cols N --rows N --ambiguous narrow|wide|auto --lang zh|en]

MODE:
  views    every view and overlay: no row wider than the terminal (no auto-wrap), no wide character
           split or pushed into the last column, vertical borders in one column, and the screen the
           same after Ctrl-L (no stale cell).
  split    the search input split at every byte boundary of 生态流量 and of 𠀀流 (a 4-byte
           character), the second half sent 0–400 ms later: the prompt shows the whole text.
  hangup   a half-typed report open, the terminal's master side closed (with and without a
           controlling terminal, so with and without SIGHUP): the process is gone within a second,
           with a non-zero status, and the draft is in drafts.json. Idle CPU is measured first.

pyte measures characters with wcwidth; for --ambiguous wide (an Xshell/PuTTY client with the CJK
"ambiguous wide" setting) every East Asian ambiguous character (Unicode EAW "A") is two cells.
Exit 0 when every check passes, 1 with the failures printed, 77 when pyte is missing.
"""
import argparse
import fcntl
import json
import os
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import time
import unicodedata

try:
    import pyte
    import pyte.screens
    from wcwidth import wcwidth as base_wcwidth
except ImportError:
    print("SKIP: pyte is not installed (pip install pyte)")
    sys.exit(77)


def make_width(ambiguous):
    def width(c):
        w = base_wcwidth(c)
        if ambiguous == "wide" and w == 1 and unicodedata.east_asian_width(c) == "A":
            return 2
        return w
    return width


class CheckedScreen(pyte.Screen):
    """A pyte screen that notes every auto-wrap (a row written past the right edge) and every wide
    character written into the last column (a real terminal wraps it to the next row).

    pyte 0.8 lacks three sequences that xterm's terminfo offers and ncurses uses: REP (CSI n b,
    repeat the last character), SU and SD (CSI n S / CSI n T, scroll the region). They are added
    here as xterm, PuTTY and Xshell implement them; without them pyte would show stale rows that no
    real terminal shows."""

    def __init__(self, cols, rows, width, reply):
        super().__init__(cols, rows)
        self.width = width
        self.reply = reply
        self.wraps = []
        self.last_column = []
        self.last_char = None

    def draw(self, data):
        for ch in data:
            w = self.width(ch)
            if w > 0 and self.cursor.x >= self.columns and pyte.modes.DECAWM in self.mode:
                self.wraps.append((self.cursor.y, ch))
            if w == 2 and self.cursor.x == self.columns - 1:
                self.last_column.append((self.cursor.y, ch))
            super().draw(ch)
            if w > 0:
                self.last_char = ch

    def repeat_last(self, count=1, *args, **kwargs):
        if self.last_char is not None:
            self.draw(self.last_char * max(1, count or 1))

    def scroll_up(self, count=1, *args, **kwargs):
        top, bottom = self.margins or pyte.screens.Margins(0, self.lines - 1)
        for _ in range(max(1, count or 1)):
            for y in range(top, bottom):
                self.buffer[y] = self.buffer[y + 1]
            self.buffer.pop(bottom, None)
        self.dirty.update(range(self.lines))

    def scroll_down(self, count=1, *args, **kwargs):
        top, bottom = self.margins or pyte.screens.Margins(0, self.lines - 1)
        for _ in range(max(1, count or 1)):
            for y in range(bottom, top, -1):
                self.buffer[y] = self.buffer[y - 1]
            self.buffer.pop(top, None)
        self.dirty.update(range(self.lines))

    def write_process_input(self, data):
        # Answers the program's questions (the cursor position report the ambiguous probe asks
        # for), with 7-bit controls as terminals send them (pyte writes the C1 CSI, U+009B).
        self.reply(data.replace("\x9b", "\x1b[").encode())


class XtermStream(pyte.ByteStream):
    csi = dict(pyte.ByteStream.csi, b="repeat_last", S="scroll_up", T="scroll_down")


class Terminal:
    def __init__(self, argv, env, cols, rows, client, ctty=True):
        self.width = make_width(client)
        pyte.screens.wcwidth = self.width
        self.cols, self.rows = cols, rows
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.screen = CheckedScreen(cols, rows, self.width, self.write)
        self.stream = XtermStream(self.screen)

        def child():
            os.setsid()
            if ctty:
                fcntl.ioctl(0, termios.TIOCSCTTY, 0)
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     preexec_fn=child, close_fds=True)
        os.close(slave)
        self.closed = False

    def write(self, data):
        if not self.closed:
            os.write(self.master, data)

    def pump(self, seconds):
        """Reads what the program writes for up to `seconds`; True if anything came."""
        got = False
        end = time.monotonic() + seconds
        while not self.closed:
            left = end - time.monotonic()
            if left <= 0:
                break
            r, _, _ = select.select([self.master], [], [], left)
            if not r:
                break
            try:
                data = os.read(self.master, 65536)
            except OSError:
                break
            if not data:
                break
            self.stream.feed(data)
            got = True
        return got

    def settle(self, quiet=0.25, limit=8.0):
        """Reads until the program has been quiet for `quiet` seconds."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if not self.pump(quiet):
                return

    def wait_for(self, predicate, limit=8.0):
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if predicate(self.lines()):
                return True
            self.pump(0.05)
        return predicate(self.lines())

    def lines(self):
        out = []
        for y in range(self.rows):
            row = self.screen.buffer[y]
            out.append("".join(row[x].data for x in range(self.cols)))
        return out

    def cells(self):
        return [[self.screen.buffer[y][x].data for x in range(self.cols)] for y in range(self.rows)]

    def looks(self):
        """Each cell's character and how it is drawn (reverse, bold, underline, colours): a
        highlighted cell left behind differs here even where its character does not."""
        out = []
        for y in range(self.rows):
            row = self.screen.buffer[y]
            out.append(tuple((row[x].data, row[x].reverse, row[x].bold, row[x].underscore, row[x].fg, row[x].bg)
                             for x in range(self.cols)))
        return out

    def close_master(self):
        self.closed = True
        os.close(self.master)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if not self.closed:
            self.close_master()


VERTICAL = set("│|┃")


def check_screen(term, name, failures):
    """The static checks on what is on screen now."""
    cells = term.cells()
    w = term.width
    for y, row in enumerate(cells):
        for x, ch in enumerate(row):
            if ch == "":
                if x == 0 or w(row[x - 1]) != 2:
                    failures.append(f"{name}: row {y} col {x}: the right half of a wide character without its left half")
            elif w(ch) == 2:
                if x == term.cols - 1:
                    failures.append(f"{name}: row {y}: wide {ch!r} in the last column")
                elif row[x + 1] != "":
                    failures.append(f"{name}: row {y} col {x}: wide {ch!r} split (its right half holds {row[x + 1]!r})")
    if term.screen.wraps:
        failures.append(f"{name}: rows written past the right edge (auto-wrap): {term.screen.wraps[:5]}")
    if term.screen.last_column:
        failures.append(f"{name}: wide characters written into the last column: {term.screen.last_column[:5]}")
    term.screen.wraps.clear()
    term.screen.last_column.clear()
    # Vertical borders: a column holding border glyphs in three or more rows is a border; a glyph
    # one or two columns beside such a border, with none in that row's border column, is a border
    # that slipped.
    columns = {}
    for y, row in enumerate(cells):
        for x, ch in enumerate(row):
            if ch in VERTICAL:
                columns.setdefault(x, []).append(y)
    borders = {x for x, ys in columns.items() if len(ys) >= 3}
    for x, ys in columns.items():
        if x in borders:
            continue
        for b in borders:
            if 0 < abs(b - x) <= 2:
                for y in ys:
                    # Only inside the border's own rows (the header's separator is not a pane border).
                    if min(columns[b]) < y < max(columns[b]) and cells[y][b] not in VERTICAL:
                        failures.append(f"{name}: row {y}: border at column {x}, the others at {b}")


def check_redraw(term, name, failures):
    """The screen must be what a full redraw (Ctrl-L) draws: no stale cell, in character or in
    attribute (a highlighted cell left at column 0, a "─" left at the right edge)."""
    # Wait until two looks agree: a late change (the detail pane catching up with the cursor)
    # is not a stale cell.
    before = term.looks()
    for _ in range(20):
        term.settle()
        now = term.looks()
        if now == before:
            break
        before = now
    text_before = term.lines()
    term.write(b"\x0c")
    term.settle()
    after = term.looks()
    text_after = term.lines()
    for y, (a, b) in enumerate(zip(before, after)):
        if a != b:
            cols = [x for x in range(term.cols) if a[x] != b[x]]
            failures.append(f"{name}: row {y} differs from the redrawn screen at columns {cols[:8]}:\n"
                            f"    seen:   {text_before[y].rstrip()}\n    redraw: {text_after[y].rstrip()}\n"
                            f"    cell {cols[0]}: seen {a[cols[0]]}, redraw {b[cols[0]]}")
    check_screen(term, name + " (after Ctrl-L)", failures)


def environment(home):
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TMUX")}
    env.update({
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "RIVERCHIEF_DB": os.path.join(home, "state.sqlite"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    })
    return env


def start(args, home, ctty=True, extra=()):
    argv = [args.binary, "--data", args.data, "--ambiguous", args.ambiguous, "--lang", args.lang] + list(extra)
    term = Terminal(argv, environment(home), args.cols, args.rows, args.client, ctty=ctty)
    if not term.wait_for(lambda ls: any("RiverChief" in l for l in ls), limit=20):
        print("\n".join(term.lines()))
        raise SystemExit(f"the dashboard did not start: {argv}")
    term.settle()
    return term


def views(args, home):
    failures = []
    term = start(args, home)
    steps = [
        ("tree", b""),
        ("a task selected", b"j"),
        ("detail pane focused", b"\t"),
        ("detail scrolled", b"jjjjjjjjjj"),
        ("tree again", b"\t"),
        ("units", b"2"),
        ("units scrolled", b"jjjjjjjjjjjjjj"),
        ("targets", b"3"),
        ("targets scrolled", b"jjjjjj"),
        ("status", b"4"),
        ("tree from status", b"1"),
        ("help", b"?"),
        ("help scrolled", b"jjjjjjjjjjjjjjjj"),
        ("help closed", b"\x1b"),
        ("search prompt", "/生态".encode()),
        ("search closed", b"\x1b"),
        ("filter picker", b"f"),
        ("filter closed", b"\x1b"),
        ("task selected", b"gj"),
        ("status menu", b"s"),
        ("status menu closed", b"\x1b"),
        ("report form", "a部分完成“测试”".encode()),
        ("report form closed", b"\x1b"),
        ("progress form", b"p"),
        ("progress form closed", b"\x1b"),
        ("history", b"H"),
        ("history closed", b"\x1b"),
        ("deep in the tree", b"G"),
        ("page up", b"\x02"),
    ]
    for name, keys in steps:
        if keys:
            term.write(keys)
        term.settle()
        check_screen(term, name, failures)
        check_redraw(term, name, failures)
    term.write(b"q")
    try:
        term.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        failures.append("q did not end the dashboard")
    term.stop()
    return failures


def prompt_row(lines):
    for l in reversed(lines):
        if l.lstrip().startswith("/"):
            return l.strip()
    return None


def split(args, home):
    failures = []
    term = start(args, home)
    gaps = [0.0, 0.03, 0.15, 0.4]
    cases = 0
    for text in ["生态流量", "𠀀流"]:
        data = text.encode()
        for cut in range(1, len(data)):
            for gap in gaps:
                cases += 1
                term.write(b"/")
                if not term.wait_for(lambda ls: prompt_row(ls) is not None, limit=5):
                    failures.append(f"{text} cut at byte {cut}: the search prompt did not open")
                    term.write(b"\x1b")
                    term.settle()
                    continue
                term.write(data[:cut])
                term.pump(gap)
                term.write(data[cut:])
                want = "/" + text
                ok = term.wait_for(lambda ls: (prompt_row(ls) or "").startswith(want), limit=3)
                term.settle(quiet=0.05)
                row = prompt_row(term.lines()) or ""
                if not ok or "\ufffd" in row:
                    failures.append(f"{text} cut at byte {cut}, {int(gap * 1000)} ms between: the prompt shows {row!r}")
                term.write(b"\x1b")
                term.wait_for(lambda ls: prompt_row(ls) is None, limit=5)
    term.write(b"q")
    try:
        term.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        failures.append("q did not end the dashboard")
    term.stop()
    print(f"split: {cases} cases")
    return failures


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def hangup(args, home):
    failures = []
    for ctty in (False, True):
        how = "with a controlling terminal (SIGHUP)" if ctty else "without a controlling terminal (no SIGHUP)"
        case_home = os.path.join(home, "ctty" if ctty else "setsid")
        os.makedirs(case_home)
        term = start(args, case_home, ctty=ctty)
        # The first task, its report form, half a report typed.
        term.write(b"j")
        term.settle()
        term.write(b"a")
        term.settle()
        term.write("河道清淤已完成一半".encode())
        if not term.wait_for(lambda ls: any("河道清淤已完成一半" in l for l in ls), limit=5):
            failures.append(f"{how}: the report form did not show the typed text:\n" + "\n".join(term.lines()))
        # Idle: no busy loop while waiting for keys.
        before = cpu_seconds(term.proc.pid)
        term.pump(2.0)
        idle = cpu_seconds(term.proc.pid) - before
        if idle > 0.3:
            failures.append(f"{how}: {idle:.2f} s of CPU in 2 s idle")
        t0 = time.monotonic()
        term.close_master()
        try:
            status = term.proc.wait(timeout=1.0)
            took = time.monotonic() - t0
            print(f"hangup {how}: gone after {took * 1000:.0f} ms, exit status {status}")
            if status == 0:
                failures.append(f"{how}: exit status 0 after the terminal went away")
        except subprocess.TimeoutExpired:
            cpu0 = cpu_seconds(term.proc.pid)
            time.sleep(1.0)
            spin = cpu_seconds(term.proc.pid) - cpu0
            failures.append(f"{how}: still running 1 s after the terminal closed ({spin:.2f} s CPU in the next second)")
            term.proc.kill()
            term.proc.wait()
            continue
        path = os.path.join(case_home, "data", "riverchief", "drafts.json")
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            json.loads(text)
            if "河道清淤已完成一半" not in text:
                failures.append(f"{how}: drafts.json lacks the half-typed report: {text[:300]}")
        except (OSError, ValueError) as e:
            failures.append(f"{how}: no readable drafts.json at {path}: {e}")
    return failures


def main():
    p = argparse.ArgumentParser()
    p.add_argument("binary")
    p.add_argument("data")
    p.add_argument("mode", choices=["views", "split", "hangup"])
    p.add_argument("--cols", type=int, default=80)
    p.add_argument("--rows", type=int, default=24)
    p.add_argument("--ambiguous", default="narrow", choices=["narrow", "wide", "auto"])
    p.add_argument("--lang", default="zh", choices=["zh", "en"])
    p.add_argument("--client", choices=["narrow", "wide"],
                   help="how the emulated terminal draws ambiguous characters (default: as --ambiguous; auto: narrow)")
    args = p.parse_args()
    if args.client is None:
        args.client = "wide" if args.ambiguous == "wide" else "narrow"
    home = tempfile.mkdtemp(prefix="rc-emulator-")
    try:
        failures = {"views": views, "split": split, "hangup": hangup}[args.mode](args, home)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    label = f"{args.mode} {args.cols}x{args.rows} ambiguous={args.ambiguous} client={args.client} lang={args.lang}"
    if failures:
        print(f"FAIL {label}: {len(failures)} problem(s)")
        for f in failures[:40]:
            print("  " + f)
        return 1
    print(f"OK {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
