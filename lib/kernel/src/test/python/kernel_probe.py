"""Drives a Jupyter kernel through jupyter_client and prints a JSON transcript.

Usage: kernel_probe.py KERNEL_NAME < cells.json
cells.json: [{"code": "...", "interrupt_after": 2.0 (optional), "complete_at": n (optional),
              "inspect_at": n (optional), "cpu_after_s": s (optional)}, ...]
  or {"cells": [...], "requests": [{"channel": "shell" | "control", "type": "kernel_info_request",
      "content": {...}}, ...]}: after the cells, each request is sent and its status messages and
      reply are recorded (the last may be a shutdown_request).
Output (stdout, JSON): {"startup_s": ..., "first_result_s": ..., "java": "...", "cells": [{"status",
"messages": [{"type", "t", "content"}], "complete": {...}, "inspect": {...}, "cpu_fraction": f}],
"requests": [{"type", "reply": {"type", "date", "content"}, "status": [{"state", "date"}]}]}
cpu_fraction is the kernel process's CPU time over cpu_after_s seconds after the cell's reply,
divided by that wall time (1.0 = one core busy).
Run by the kernel's integration tests under Debian's /usr/bin/python3.
"""
import datetime
import inspect
import json
import os
import sys
import time

from jupyter_client.manager import start_new_kernel
from jupyter_client.utils import run_sync


def main():
    name = sys.argv[1]
    spec = json.load(sys.stdin)
    cells = spec["cells"] if isinstance(spec, dict) else spec
    requests = spec.get("requests", []) if isinstance(spec, dict) else []
    t0 = time.time()
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=120)
    startup = time.time() - t0
    out = {"startup_s": startup, "cells": []}
    try:
        for i, cell in enumerate(cells):
            out["cells"].append(run_cell(km, kc, cell))
            if i == 0:
                out["first_result_s"] = time.time() - t0
        out["requests"] = [send_request(kc, r) for r in requests]
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


def kernel_pid(km):
    provisioner = getattr(km, "provisioner", None)
    process = getattr(provisioner, "process", None) or getattr(km, "kernel", None)
    return process.pid


def cpu_seconds(pid):
    """User + system CPU time of process pid (all its threads), from /proc."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def epoch(date):
    """A header's date (parsed by jupyter_client, or the raw ISO 8601 text) in seconds since 1970."""
    if isinstance(date, str):
        from dateutil.parser import isoparse
        date = isoparse(date)
    if date.tzinfo is None:
        date = date.replace(tzinfo=datetime.timezone.utc)
    return date.timestamp()


def get_msg(channel, timeout):
    """channel.get_msg, also for jupyter_client 7's control channel, which is a coroutine there."""
    msg = channel.get_msg(timeout=timeout)
    if inspect.isawaitable(msg):
        msg = run_sync(lambda: msg)()
    return msg


def send_request(kc, request):
    """Sends one request; returns its reply and the status messages whose parent it is."""
    channel = kc.control_channel if request.get("channel") == "control" else kc.shell_channel
    msg = kc.session.msg(request["type"], request.get("content", {}))
    channel.send(msg)
    msg_id = msg["header"]["msg_id"]
    result = {"type": request["type"], "channel": request.get("channel", "shell"), "status": []}
    deadline = time.time() + 30
    while time.time() < deadline and (result.get("reply") is None
                                       or not any(s["state"] == "idle" for s in result["status"])):
        if result.get("reply") is None:
            try:
                reply = get_msg(channel, 0.05)
                if reply["parent_header"].get("msg_id") == msg_id:
                    result["reply"] = {"type": reply["msg_type"], "date": epoch(reply["header"]["date"]),
                                       "content": reply["content"]}
            except Exception:
                pass
        try:
            m = kc.get_iopub_msg(timeout=0.05)
        except Exception:
            continue
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status":
            result["status"].append({"state": m["content"]["execution_state"], "date": epoch(m["header"]["date"])})
    return result


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
    if "cpu_after_s" in cell:
        pid = kernel_pid(km)
        c0, w0 = cpu_seconds(pid), time.time()
        time.sleep(cell["cpu_after_s"])
        result["cpu_fraction"] = (cpu_seconds(pid) - c0) / (time.time() - w0)
    return result


if __name__ == "__main__":
    main()
