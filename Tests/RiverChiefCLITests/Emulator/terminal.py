"""A terminal the project does not share with tmux: the program in a pty, its bytes read by pyte.

`Terminal` starts a program on a pseudo-terminal of a given size (with or without it as the
controlling terminal) and feeds what it writes to a `CheckedScreen`. The emulated client draws
East Asian ambiguous characters narrow or, like Xshell, SecureCRT or PuTTY with the CJK setting,
two cells wide (`make_width`). Used by rc_emulator.py.
"""
import fcntl
import os
import select
import struct
import subprocess
import termios
import time
import unicodedata

import pyte
import pyte.screens
from wcwidth import wcwidth as base_wcwidth


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
