"""Drives a command through a real pseudo-terminal, as a person at a keyboard would.

Usage: python3 pty_drive.py '<steps json>' command args...
Each step is {"expect": text} (wait until the output contains it, after what earlier steps
matched) and/or {"send": keys} (written to the terminal as typed: "\\x7f" is Backspace,
"\\x04" Ctrl-D, "\\x03" Ctrl-C, "\\r" Enter). Prints everything the terminal showed, then
"EXIT:<code>" (or "TIMEOUT:<expected text>"). Every wait is bounded.
"""

import json
import os
import pty
import select
import sys
import time

steps = json.loads(sys.argv[1])
command = sys.argv[2:]
wait_seconds = float(os.environ.get("PTY_WAIT_SECONDS", "90"))

pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)

output = b""
seen = 0


def pump(timeout):
    global output
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return True
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        return False
    if not chunk:
        return False
    output += chunk
    return True


def finish(status_line):
    sys.stdout.write(output.decode("utf-8", "replace"))
    sys.stdout.write("\n" + status_line + "\n")
    sys.stdout.flush()


for step in steps:
    if "expect" in step:
        wanted = step["expect"].encode()
        deadline = time.time() + wait_seconds
        while output.find(wanted, seen) == -1:
            if time.time() > deadline or not pump(0.2):
                if output.find(wanted, seen) != -1:
                    break
                os.kill(pid, 9)
                finish("TIMEOUT:" + step["expect"])
                sys.exit(3)
        seen = output.find(wanted, seen) + len(wanted)
    if "send" in step:
        time.sleep(0.05)
        os.write(fd, step["send"].encode())

deadline = time.time() + wait_seconds
while time.time() < deadline and pump(0.2):
    pass
try:
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
except ChildProcessError:
    code = -1
finish("EXIT:" + str(code))
