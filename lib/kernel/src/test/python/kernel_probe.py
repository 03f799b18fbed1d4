"""Drives a Jupyter kernel through jupyter_client and prints a JSON transcript.

Usage: kernel_probe.py KERNEL_NAME < cells.json
cells.json: [{"code": "...", "interrupt_after": 2.0 (optional), "complete_at": n (optional),
              "inspect_at": n (optional)}, ...]
Output (stdout, JSON): {"startup_s": ..., "first_result_s": ..., "cells": [{"status", "messages":
[{"type", "t", "content"}], "complete": {...}, "inspect": {...}}]}
Run by the kernel's integration tests under Debian's /usr/bin/python3.
"""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel


def main():
    name = sys.argv[1]
    cells = json.load(sys.stdin)
    t0 = time.time()
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=120)
    startup = time.time() - t0
    out = {"startup_s": startup, "cells": []}
    try:
        for i, cell in enumerate(cells):
            out["cells"].append(run_cell(km, kc, cell))
            if i == 0:
                out["first_result_s"] = time.time() - t0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    json.dump(out, sys.stdout)


def shell_reply(kc, msg_id, timeout=30):
    """The shell reply to msg_id (replies to earlier requests are skipped)."""
    deadline = time.time() + timeout
    while True:
        msg = kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def run_cell(km, kc, cell):
    result = {}
    if "complete_at" in cell:
        mid = kc.complete(cell["code"], cell["complete_at"])
        result["complete"] = shell_reply(kc, mid)["content"]
    if "inspect_at" in cell:
        mid = kc.inspect(cell["code"], cell["inspect_at"])
        result["inspect"] = shell_reply(kc, mid)["content"]
    if cell.get("execute", True) is False:
        return result
    start = time.time()
    msg_id = kc.execute(cell["code"])
    interrupted = False
    messages = []
    reply = None
    deadline = start + cell.get("timeout", 120)
    while time.time() < deadline:
        if "interrupt_after" in cell and not interrupted and time.time() - start >= cell["interrupt_after"]:
            km.interrupt_kernel()
            interrupted = True
            result["interrupt_sent_s"] = time.time() - start
        try:
            msg = kc.get_iopub_msg(timeout=0.2)
        except Exception:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        t = msg["msg_type"]
        messages.append({"type": t, "t": time.time() - start, "content": msg["content"]})
        if t == "status" and msg["content"]["execution_state"] == "idle":
            break
    else:
        result["timed_out"] = True
    try:
        reply = shell_reply(kc, msg_id)
        result["status"] = reply["content"]["status"]
        result["reply_s"] = time.time() - start
    except Exception as e:  # no reply is a failure the Java test reports
        result["status"] = "no-reply: %s" % e
    result["messages"] = messages
    return result


if __name__ == "__main__":
    main()
