"""Runs one student's notebook for `atelier grade` and says how each exercise went.

Usage: python3 grade_notebook.py JOB.json      (run by dev.atelier.classroom.Grader)

JOB.json (written by the grader):
  notebook          the teacher's notebook with the student's answer cells put in (nbformat 4)
  kernel            the kernelspec name; the kernel starts in the current working directory
  cells             [{"index": i, "role": "answer" | "check" | "teacher", "exercise": n or null}]
                    for every code cell of the notebook
  exercises         [{"number": n, "no_answer": "why" or null}]
  cell_timeout      seconds an answer or check cell may run (then it is interrupted)
  notebook_timeout  seconds the whole notebook may run (teacher cells are limited only by this)
  startup_timeout   seconds the kernel may take to start
  interrupt_grace   seconds the kernel has to stop after an interrupt before it is restarted
  results           where to write the results (JSON)
  executed          where to write the executed notebook (the student's feedback), with an .html beside it

Results: {"kernel_started": bool, "seconds": s, "exercises": [{"number", "status", "message"}],
"notes": [...]}. Statuses: pass (every check cell ran without error), fail (a check said no:
Check's message), error (the answer cell, or a check calling the answer, threw: the exception),
timeout, not-run (the reason). Cells run one at a time in the notebook's order:
- the check cells of an exercise whose answer threw or ran too long are not run;
- a cell that runs past its limit is interrupted; a kernel that does not stop within the grace
  period is restarted and the cells above are run again (except those that ran too long) before
  grading goes on with the next exercise;
- when the kernel dies (System.exit, a crash, out of memory) the exercises left are not-run.
"""
import json
import os
import re
import sys
import time
from queue import Empty

import nbformat
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

CHECK_FAILED = "dev.atelier.notebook.Check$CheckFailed: "
PASS, FAIL, ERROR, TIMEOUT, NOT_RUN = "pass", "fail", "error", "timeout", "not-run"
MESSAGE_LIMIT = 400


class KernelGone(Exception):
    """The kernel died; the message says how."""


def one_line(text, limit=MESSAGE_LIMIT):
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def error_of(cell):
    """(ename, evalue) of the cell's first error output, or None."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return out.get("ename", "Error"), out.get("evalue", "")
    return None


def ticks_of(cell):
    lines = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            lines += [l.strip() for l in out.get("text", "").splitlines() if l.startswith("\u2714")]
    return lines


def describe_error(ename, evalue):
    evalue = one_line(evalue)
    if ename == "UserCodeException":          # the kernel wraps the student's exception: "class: message"
        return evalue
    if ename == "CompilationException":
        return "compile error: " + evalue
    return f"{ename}: {evalue}" if evalue else ename


def note(cell, text):
    cell.setdefault("outputs", []).append(nbformat.v4.new_output("stream", name="stderr", text=f"[grader] {text}\n"))


class Kernel:
    """One kernel at a time, started fresh; cells run with a limit each."""

    def __init__(self, nb, job):
        self.job = job
        self.client = NotebookClient(nb, kernel_name=job["kernel"], allow_errors=True, interrupt_on_timeout=False,
                                     startup_timeout=job["startup_timeout"], shutdown_kernel="immediate",
                                     record_timing=False, resources={"metadata": {"path": os.getcwd()}})
        self.starts = 0

    def start(self):
        c = self.client
        c.reset_execution_trackers()
        c.km = c.create_kernel_manager()
        c.start_new_kernel()
        c.start_new_kernel_client()
        self.starts += 1

    def stop(self):
        try:
            if self.client.km is not None:
                self.client._cleanup_kernel()
        except Exception:  # already gone
            pass
        self.client.km = None
        self.client.kc = None

    def exit_reason(self):
        code = None
        try:
            code = self.client.km.provisioner.process.poll()
        except Exception:
            pass
        if code is None:
            return "the kernel died"
        if code == 0:
            return "the kernel exited with code 0 (System.exit in the code?)"
        if code < 0:
            return f"the kernel was killed by signal {-code}" + (" (out of memory?)" if code == -9 else "")
        if code in (134, 139):
            return f"the kernel crashed (exit code {code})"
        return f"the kernel exited with code {code} (System.exit in the code?)"

    def run(self, cell, index, seconds):
        """Runs a cell; returns 'ok' or 'timeout'; raises KernelGone."""
        self.client.timeout = max(1, int(seconds))
        try:
            self.client.execute_cell(cell, index)
            return "ok"
        except CellTimeoutError:
            return "timeout"
        except DeadKernelError:
            raise KernelGone(self.exit_reason())

    def interrupt_and_wait(self, grace):
        """Interrupts the running cell; True when the kernel answers again within grace seconds."""
        c = self.client
        try:
            run_sync(c.km.interrupt_kernel)()
            probe = c.kc.execute("", silent=True, store_history=False)
            deadline = time.monotonic() + grace
            while time.monotonic() < deadline:
                try:
                    msg = run_sync(c.kc.get_shell_msg)(timeout=max(0.1, deadline - time.monotonic()))
                except Empty:
                    break
                if msg["parent_header"].get("msg_id") == probe:
                    return True
        except Exception:
            pass
        return False


def grade(job):
    nb = nbformat.read(job["notebook"], as_version=4)
    roles = {c["index"]: c for c in job["cells"]}
    exercises = {e["number"]: e for e in job["exercises"]}
    order = [e["number"] for e in job["exercises"]]
    status = {}        # number -> (status, message)
    checks_run = {n: 0 for n in order}
    cells_left = {n: 0 for n in order}      # answer and check cells of each exercise not yet run
    for c in job["cells"]:
        if c["role"] != "teacher":
            cells_left[c["exercise"]] += 1
    ticks = {n: [] for n in order}
    notes = []
    timed_out = set()  # cell indices not to run again after a restart
    started = time.monotonic()
    deadline = started + job["notebook_timeout"]
    kernel = Kernel(nb, job)
    result = {"kernel_started": False, "exercises": [], "notes": notes}

    def stop_all(reason):
        for n in order:
            if n not in status and cells_left[n] > 0:
                status[n] = (NOT_RUN, reason)

    try:
        try:
            kernel.start()
            result["kernel_started"] = True
            result["start_seconds"] = round(time.monotonic() - started, 1)
        except Exception as e:
            stop_all("the kernel did not start: " + one_line(e, 200))
            return result, nb
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or index not in roles:
                continue
            role, number = roles[index]["role"], roles[index].get("exercise")
            if role in ("answer", "check") and number in status:
                note(cell, f"not run: exercise {number} is already graded {status[number][0]} ({status[number][1]})")
                continue
            left = deadline - time.monotonic()
            if left <= 0:
                stop_all(f"the notebook ran past its limit of {job['notebook_timeout']} s")
                note(cell, "not run: the notebook ran past its time limit")
                break
            limit = min(left, job["cell_timeout"]) if role != "teacher" else left
            try:
                outcome = kernel.run(cell, index, limit)
            except KernelGone as gone:
                where = f"exercise {number}'s {role}" if role != "teacher" else f"the teacher's cell {index}"
                note(cell, f"{gone} while this cell ran; the exercises after it were not run")
                if role != "teacher":
                    status[number] = (ERROR, f"{gone} while the {role} ran")
                stop_all(f"{gone} in {where}")
                break
            if outcome == "timeout":
                timed_out.add(index)
                if role == "teacher" or limit < job["cell_timeout"]:
                    why = (f"the teacher's cell {index} ran past the notebook's limit" if role == "teacher"
                           else f"the notebook ran past its limit of {job['notebook_timeout']} s")
                    note(cell, "stopped: " + why)
                    stop_all(why)
                    break
                status[number] = (TIMEOUT, f"the {role} ran past {job['cell_timeout']} s and was stopped")
                if kernel.interrupt_and_wait(job["interrupt_grace"]):
                    note(cell, f"stopped after {job['cell_timeout']} s (interrupted); grading went on")
                    continue
                note(cell, f"stopped after {job['cell_timeout']} s; the kernel did not answer the interrupt, so it was "
                           "restarted and the cells above were run again")
                notes.append(f"kernel restarted after cell {index}")
                kernel.stop()
                try:
                    kernel.start()
                    replay(kernel, nb, index, timed_out, deadline)
                except Exception as e:
                    stop_all(f"after a restart the notebook could not be run again ({one_line(e, 200)})")
                    break
                continue
            err = error_of(cell)
            if role != "teacher":
                cells_left[number] -= 1
            if role == "teacher":
                if err:
                    notes.append(f"teacher cell {index}: {describe_error(*err)}")
            elif role == "answer":
                if err:
                    status[number] = (ERROR, describe_error(*err))
            else:
                checks_run[number] += 1
                ticks[number] += ticks_of(cell)
                if err:
                    ename, evalue = err
                    if ename == "UserCodeException" and evalue.startswith(CHECK_FAILED):
                        status[number] = (FAIL, one_line(evalue[len(CHECK_FAILED):]))
                    else:
                        status[number] = (ERROR, "in the check: " + describe_error(ename, evalue))
    finally:
        kernel.stop()
        result["seconds"] = round(time.monotonic() - started, 1)
        result["kernel_starts"] = kernel.starts
        for n in order:
            if n not in status:
                if checks_run[n] == 0:
                    status[n] = (NOT_RUN, "no self-check follows this answer: read it yourself")
                else:
                    status[n] = (PASS, one_line("; ".join(ticks[n]) or f"{checks_run[n]} check cell(s) ran without error"))
            st, msg = status[n]
            why = exercises[n].get("no_answer")
            if why and st != PASS:
                st, msg = FAIL, f"no answer: {why}"
            result["exercises"].append({"number": n, "status": st, "message": msg})
    return result, nb


def replay(kernel, nb, upto, skip, deadline):
    """Runs the code cells before `upto` again in a fresh kernel (outputs not kept), except `skip`."""
    for index in range(upto):
        cell = nb.cells[index]
        if cell.cell_type != "code" or index in skip:
            continue
        copy = nbformat.from_dict(json.loads(json.dumps(cell)))
        outcome = kernel.run(copy, index, max(1, deadline - time.monotonic()))
        nb.cells[index] = cell
        if outcome == "timeout":
            raise RuntimeError(f"cell {index} ran past the notebook's limit")


def feedback_cell(result, student, notebook):
    lines = [f"## Graded: {notebook}" + (f" ({student})" if student else ""), "",
             "| exercise | result | message |", "|---|---|---|"]
    for e in result["exercises"]:
        msg = e["message"].replace("|", "\\|")
        lines.append(f"| {e['number']} | **{e['status']}** | {msg} |")
    lines += ["", "Your answer cells were run inside the course's notebook with its own checks; "
              "the outputs below are what they printed."]
    return nbformat.v4.new_markdown_cell("\n".join(lines))


def main():
    job_path = sys.argv[1]
    with open(job_path, encoding="utf-8") as f:
        job = json.load(f)
    result, nb = grade(job)
    t0 = time.monotonic()
    cell = feedback_cell(result, job.get("student", ""), job.get("notebook_name", ""))
    cell["id"] = "grader-feedback"
    nb.cells.insert(0, cell)
    executed = job["executed"]
    nbformat.write(nb, executed)
    try:
        from nbconvert import HTMLExporter
        body, _ = HTMLExporter().from_notebook_node(nb)
        with open(os.path.splitext(executed)[0] + ".html", "w", encoding="utf-8") as f:
            f.write(body)
    except Exception as e:  # the .ipynb is still there
        result["notes"].append("HTML export failed: " + one_line(e, 200))
    result["feedback_seconds"] = round(time.monotonic() - t0, 1)
    with open(job["results"], "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
