"""Runs course notebooks from the UI of a live JupyterLab 4 or Notebook 7 server in headless Chromium.

Usage: jupyter_ui.py CLIENT OUT NOTEBOOK... (CLIENT: lab | notebook)
Environment: JUPYTER_PATH (finds the kernelspec 'atelier'), ATELIER_JUPYTER (the venv's jupyter),
CHROMIUM (default /usr/bin/chromium), ATELIER_UI_TIMEOUT (seconds per notebook, default 600).

One server (loopback, with a token) serves copies of the notebooks from OUT/work; for each notebook
the page is opened, the kernel must show Idle before anything runs, then Run > Run All Cells; while
it runs the live training views are sampled; then the notebook is saved and read back. Every request
the page makes to another host is blocked and recorded. Prints JSON: {"client", "server_start_s",
"notebooks": [{"name", "idle_before_run", "seconds", "errors", "unrun", "cells", "figures",
"figures_drawn", "live_views", "live_updates_in_place", "live_duplicated", "screenshot"}],
"offsite_requests": [...]}. Run by JupyterClientsIT; writes screenshots to OUT.
"""
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from playwright.sync_api import sync_playwright

# the notebook on show (JupyterLab 4 and Notebook 7 share the notebook widgets; Lab hides other tabs)
PANEL = "document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)')"
LIVE = "[...(%s || document).querySelectorAll('.jp-OutputArea-output progress')].map(p => p.value + '/' + p.max)" % PANEL
FIGURES = ("(() => { const f = [...(%s || document).querySelectorAll('.jp-OutputArea-output .atelier-figure')];"
           " return [f.length, f.filter(x => x.getAttribute('data-atelier') === 'interactive'"
           " && x.querySelector('.main-svg')).length]; })()" % PANEL)
STATUS = ("(() => { const s = (%s || document).querySelector('.jp-Notebook-ExecutionIndicator')"
          " || document.querySelector('.jp-Notebook-ExecutionIndicator');"
          " return s ? s.getAttribute('data-status') : null; })()" % PANEL)
RUNNING = "[...(%s || document).querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('*'))" % PANEL


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(client, out, work):
    token = secrets.token_hex(16)
    port = free_port()
    settings = os.path.join(out, "user-settings")
    # render every cell (JupyterLab windows the notebook by default: hidden cells would have no outputs),
    # and no news or update checks (nothing leaves the machine)
    tracker = os.path.join(settings, "@jupyterlab", "notebook-extension")
    os.makedirs(tracker, exist_ok=True)
    with open(os.path.join(tracker, "tracker.jupyterlab-settings"), "w") as f:
        json.dump({"windowingMode": "none"}, f)
    notification = os.path.join(settings, "@jupyterlab", "apputils-extension")
    os.makedirs(notification, exist_ok=True)
    with open(os.path.join(notification, "notification.jupyterlab-settings"), "w") as f:
        json.dump({"checkForUpdates": False, "fetchNews": "false"}, f)
    env = dict(os.environ)
    env.update({"JUPYTERLAB_SETTINGS_DIR": settings,
                "JUPYTERLAB_WORKSPACES_DIR": os.path.join(out, "workspaces"),
                "JUPYTER_CONFIG_DIR": os.path.join(out, "config"),
                "JUPYTER_RUNTIME_DIR": os.path.join(out, "runtime")})
    cmd = [os.environ.get("ATELIER_JUPYTER", "jupyter"), client, "--no-browser", "--ip=127.0.0.1",
           "--port=%d" % port, "--port-retries=0", "--allow-root", "--IdentityProvider.token=" + token,
           "--ServerApp.root_dir=" + work]
    log = open(os.path.join(out, "server.log"), "w")
    server = subprocess.Popen(cmd, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = "http://127.0.0.1:%d" % port
    t0 = time.time()
    while True:
        try:
            with urllib.request.urlopen(base + "/api/status?token=" + token, timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.time() - t0 > 120:
            server.kill()
            raise SystemExit("the %s server did not start; see %s" % (client, os.path.join(out, "server.log")))
        time.sleep(0.3)
    return server, base, token, time.time() - t0


def run_all(page, client):
    """Run > Run All Cells from the menu bar (the same menus in JupyterLab 4 and Notebook 7)."""
    page.get_by_role("menuitem", name="Run", exact=True).first.click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).first.click()


def saved_notebook(page, path, result):
    """File > Save, then the notebook as the server wrote it (outputs and execution counts)."""
    before = os.path.getmtime(path)
    for attempt in range(3):
        dismiss_dialogs(page, result)
        page.click(".jp-Notebook .jp-Cell .jp-InputPrompt >> visible=true")
        page.get_by_role("menuitem", name="File", exact=True).first.click()
        page.get_by_role("menuitem", name=re.compile(r"^Save( Notebook)?( and Checkpoint)?(\s*Ctrl\+S)?$")).first.click()
        deadline = time.time() + 20
        while time.time() < deadline and os.path.getmtime(path) == before:
            dismiss_dialogs(page, result)
            time.sleep(0.2)
        if os.path.getmtime(path) != before:
            break
    result["saved"] = os.path.getmtime(path) != before
    time.sleep(0.5)
    with open(path) as f:
        return json.load(f)


def dismiss_dialogs(page, result):
    """Records and closes any dialog JupyterLab shows (a test fails on an unexpected one). "File
    Changed" at save (JupyterLab's autosave racing the save) is answered Overwrite: the page holds
    the run's outputs; it is counted, not failed."""
    if page.evaluate("[...document.querySelectorAll('.jp-Dialog')].some(d => d.innerText.includes('File Changed'))"):
        result["file_changed_overwritten"] = result.get("file_changed_overwritten", 0) + 1
        page.locator(".jp-Dialog button", has_text="Overwrite").first.click()
        time.sleep(1)
    for text in page.evaluate("[...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText)"):
        result.setdefault("dialogs", []).append(" ".join(text.split())[:300])
        page.keyboard.press("Escape")
        time.sleep(0.5)


def run_notebook(page, client, base, token, work, name, out, timeout):
    url = ("%s/lab/tree/%s?reset&token=%s" if client == "lab" else "%s/notebooks/%s?token=%s") % (base, name, token)
    result = {"name": name}
    t0 = time.time()
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    # the kernel must be shown Idle before the first cell runs (not Unknown, not Busy)
    page.wait_for_function(STATUS + " !== null", timeout=120_000)
    statuses = []  # the states shown while the kernel starts (unknown, initializing, connecting, ...), in order
    idle = False
    deadline = time.time() + 120
    while time.time() < deadline and not idle:
        s = page.evaluate(STATUS)
        if s and (not statuses or statuses[-1] != s):
            statuses.append(s)
        idle = s == "idle"
        time.sleep(0.2)
    result["status_before_run"] = statuses
    result["idle_before_run"] = idle
    # Run All as soon as the page is up can be lost while JupyterLab is still activating its plugins
    # (then no cell starts): try again until a cell has started
    started = "[...(%s || document).querySelectorAll('.jp-InputPrompt')].some(p => /[*0-9]/.test(p.textContent))" % PANEL
    for attempt in range(4):
        dismiss_dialogs(page, result)
        page.click(".jp-Notebook .jp-Cell .jp-InputPrompt >> visible=true")
        run_all(page, client)
        try:
            page.wait_for_function(started, timeout=20_000)
            break
        except Exception:
            result["run_all_retries"] = attempt + 1
    samples = []
    saw_busy = False
    deadline = time.time() + timeout
    while time.time() < deadline:
        samples.append(page.evaluate(LIVE))
        running = page.evaluate(RUNNING)
        status = page.evaluate(STATUS)
        saw_busy = saw_busy or running or status == "busy"
        if saw_busy and not running and status == "idle":
            break
        time.sleep(0.3)
    result["seconds"] = round(time.time() - t0, 1)
    result["timed_out"] = time.time() >= deadline
    time.sleep(2)  # figures draw after the outputs arrive
    end = time.time() + 30
    figures = page.evaluate(FIGURES)
    while figures[0] != figures[1] and time.time() < end:
        time.sleep(0.5)
        figures = page.evaluate(FIGURES)
    result["figures"], result["figures_drawn"] = figures
    final = page.evaluate(LIVE)
    result["live_views"] = len(final)
    # in place: the number of live views never exceeded the final number, and one of them showed
    # at least two different values while the notebook ran
    result["live_duplicated"] = any(len(s) > len(final) for s in samples)
    seen = {}
    for s in samples:
        for i, v in enumerate(s):
            seen.setdefault(i, set()).add(v)
    result["live_updates_in_place"] = sum(1 for v in seen.values() if len(v) >= 2)
    nb = saved_notebook(page, os.path.join(work, name), result)
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    result["cells"] = len(code)
    result["unrun"] = [i for i, c in enumerate(code) if c.get("execution_count") is None]
    result["errors"] = ["%s: %s" % (o.get("ename"), o.get("evalue")) for c in code for o in c.get("outputs", [])
                        if o.get("output_type") == "error"]
    shot = os.path.join(out, name.replace(".ipynb", ".png"))
    # the screenshot shows the last figure (or the end of the notebook), with the kernel status bar
    page.evaluate("(() => { const f = [...(%s || document).querySelectorAll('.atelier-figure')];"
                  " if (f.length) f[f.length - 1].scrollIntoView({block: 'center'}); })()" % PANEL)
    time.sleep(1)
    page.screenshot(path=shot, full_page=False)
    result["screenshot"] = shot
    return result


def main():
    client, out, notebooks = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3:]
    timeout = float(os.environ.get("ATELIER_UI_TIMEOUT", "600"))
    work = os.path.join(out, "work")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(work)
    for nb in notebooks:
        shutil.copy(nb, work)
    server, base, token, started = start_server(client, out, work)
    report = {"client": client, "server_start_s": round(started, 1), "notebooks": [], "offsite_requests": []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                        args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})

            def guard(route):
                host = route.request.url.split("/")[2] if "://" in route.request.url else ""
                if route.request.url.startswith(("data:", "blob:")) or host.split(":")[0] in ("127.0.0.1", "localhost"):
                    route.continue_()
                else:
                    report["offsite_requests"].append(route.request.url)
                    route.abort()

            page.route("**/*", guard)
            for nb in notebooks:
                name = os.path.basename(nb)
                try:
                    report["notebooks"].append(run_notebook(page, client, base, token, work, name, out, timeout))
                except Exception as e:  # reported, with a screenshot, and the next notebook still runs
                    shot = os.path.join(out, name.replace(".ipynb", "-failed.png"))
                    page.screenshot(path=shot)
                    dialogs = page.evaluate("[...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText)")
                    report["notebooks"].append({"name": name, "failure": "%s (dialogs: %s; screenshot %s)"
                                                % (str(e).splitlines()[0], dialogs, shot)})
                # shut the notebook's kernel down before the next one (one kernel at a time on small machines)
                page.evaluate("fetch('/api/kernels?token=%s').then(r => r.json()).then(ks => Promise.all(ks.map(k =>"
                              " fetch('/api/kernels/' + k.id + '?token=%s', {method: 'DELETE'}))))" % (token, token))
                time.sleep(1)
            browser.close()
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
