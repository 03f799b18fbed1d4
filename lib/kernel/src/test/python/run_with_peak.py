#!/usr/bin/env python3
"""run_with_peak.py KERNEL NOTEBOOK OUTDIR: executes NOTEBOOK headless on kernel KERNEL with a last cell
appended that prints the kernel process's peak resident memory (VmHWM); prints one line:
'<notebook> <seconds> s  peak <MiB> MiB  <ok|FAILED: reason>'. Used by ./atelier bench-kernel."""
import json, os, re, subprocess, sys, time

kernel, path, out = sys.argv[1], sys.argv[2], sys.argv[3]
PROBE = ('java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()'
         '.filter(l -> l.startsWith("VmHWM")).forEach(l -> System.out.println("kernel peak " + l));')
nb = json.load(open(path, encoding="utf-8"))
nb["cells"].append({"cell_type": "code", "id": "kernel-peak-probe", "metadata": {}, "execution_count": None,
                    "outputs": [], "source": PROBE})
os.makedirs(out, exist_ok=True)
name = os.path.basename(path)
probed = os.path.join(out, "probe-" + name)
json.dump(nb, open(probed, "w", encoding="utf-8"))
jupyter = "/usr/bin/jupyter" if os.access("/usr/bin/jupyter", os.X_OK) else "jupyter"
t = time.time()
r = subprocess.run([jupyter, "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=" + kernel,
                    "--ExecutePreprocessor.startup_timeout=120", "--ExecutePreprocessor.timeout=-1",
                    "--ExecutePreprocessor.allow_errors=True", "--output-dir", out, "--output", name, probed],
                   capture_output=True, text=True)
seconds = time.time() - t
status, peak = "ok", -1
if r.returncode != 0:
    status = "FAILED: nbconvert exit %d" % r.returncode
else:
    done = json.load(open(os.path.join(out, name), encoding="utf-8"))
    errors = [o["ename"] for c in done["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        status = "FAILED: " + ", ".join(errors[:3])
    for o in done["cells"][-1].get("outputs", []):
        text = o.get("text", "")
        m = re.search(r"kernel peak VmHWM:\s*(\d+) kB", "".join(text) if isinstance(text, list) else text)
        if m:
            peak = int(m.group(1)) // 1024
os.remove(probed)
print("  %-28s %5.0f s  peak %5d MiB  %s" % (name, seconds, peak, status))
