"""Drives `jupyter console --kernel NAME` in a real terminal (tmux) and reads the screen a student sees.

Usage: console_probe.py JUPYTER KERNEL_NAME. Types a value, an error, then a multi-line cell (Enter on
an open block asks the kernel whether the input is complete, and the console goes on to a new line
instead of running it), then exits with Ctrl-D. The console waits up to 60 s for is_complete (its default, 1 s, is
too short for a loaded 2-core CI machine, and a late answer is then taken for the next reply). Prints JSON {"started", "value", "error", "multiline",
"exited", "screen"}; run by ConsoleIT.
"""
import json
import os
import re
import subprocess
import sys
import time

SESSION = "atelier-console-%d" % os.getpid()


def tmux(*args):
    return subprocess.run(["tmux"] + list(args), check=True, capture_output=True, text=True).stdout


def screen():
    return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", SESSION)


def wait_for(pattern, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if re.search(pattern, screen()):
                return True
        except subprocess.CalledProcessError:  # the session ended
            return False
        time.sleep(0.3)
    return False


def type_line(text):
    if text.endswith(";"):  # tmux takes a trailing ';' for its command separator: escape it
        text = text[:-1] + "\\;"
    tmux("send-keys", "-t", SESSION, "-l", text)
    tmux("send-keys", "-t", SESSION, "Enter")


def main():
    jupyter, name = sys.argv[1], sys.argv[2]
    result = {}
    tmux("new-session", "-d", "-s", SESSION, "-x", "160", "-y", "60",
         "env JUPYTER_PATH=%s %s console --kernel %s --ZMQTerminalInteractiveShell.kernel_is_complete_timeout=60"
         " --ZMQTerminalInteractiveShell.kernel_timeout=180; echo console-ended-$?; sleep 30" % (os.environ.get("JUPYTER_PATH", ""), jupyter, name))
    last = ""
    try:
        result["started"] = wait_for(r"In \[1\]: ", 180)
        type_line("int x = 6;  x * 7")
        result["value"] = wait_for(r"Out\[\d+\]: 42")
        wait_for(r"In \[2\]: ")
        type_line('Integer.parseInt("forty-two")')
        result["error"] = wait_for(r"java\.lang\.NumberFormatException: For input string")
        wait_for(r"In \[3\]: ")
        # typed as a student would: Enter after each line; the console keeps the block open
        type_line("for (int i = 0; i < 3; i++) {")
        time.sleep(2)
        type_line('System.out.println("line " + (i * x));')
        time.sleep(2)
        type_line("}")
        result["multiline"] = wait_for(r"line 0\s+line 6\s+line 12")
        result["no_incomplete_error"] = "Incomplete input" not in screen()
        wait_for(r"In \[4\]: ")
        time.sleep(1)
        # Ctrl-D ends jupyter console with any kernel ("exit" is IPython's own word); it asks to confirm
        tmux("send-keys", "-t", SESSION, "C-d")
        if wait_for(r"exit \(\[y\]/n\)\?", 20):
            type_line("y")
        result["exited"] = wait_for(r"console-ended-0", 60)
    finally:
        try:
            last = screen() or last
        except subprocess.CalledProcessError:
            pass
        subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
    result["screen"] = last[-4000:]
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
