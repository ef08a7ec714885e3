"""Execute one notebook through a Jupyter kernel and save it (+ an HTML export).

Spawned by kernel-helpers/runner/main.ts with the project-local Jupyter environment. It speaks to
its parent through stdout, one JSON object per line (events: kernel, cell_start, cell_done,
cell_error, saved, fatal); everything else goes to stderr.

    python3 execute.py NOTEBOOK --ipynb OUT.ipynb [--html OUT.html] [--timeout S] [--startup-timeout S]

Uses nbclient 0.7.2's API cell by cell (rather than nbconvert --execute) so that progress can be
reported, execution counts kept honest (the project kernel sends execute_input with counts; stock
tslab does not, and then the driver numbers the cells itself) and the failing cell's error shown:
its `error` output (ename, evalue, cell-line traceback) from the project kernel, or the stderr text
that stock tslab prints instead.
Exit status: 0 ok, 1 a cell failed, 2 anything else (kernel missing, died, bad notebook).
"""

import argparse
import asyncio
import collections
import json
import os
import re
import signal
import sys
import tempfile
import threading
import time

import nbformat

from purge_css import purge_html_css  # beside this file
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def emit(event, **fields):
    sys.stdout.write(json.dumps({"event": event, **fields}) + "\n")
    sys.stdout.flush()


def write_atomic(path, text):
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=os.path.basename(path), dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def output_text(outputs, names=("stderr",)):
    """Concatenate stream text (and any error outputs) of a cell."""
    parts = []
    for out in outputs:
        if out.get("output_type") == "stream" and out.get("name") in names:
            parts.append(out.get("text", ""))
        elif out.get("output_type") == "error":
            # The project kernel sends proper error outputs: name, message, then the cell-line traceback.
            head = f"{out.get('ename')}: {out.get('evalue')}"
            tb = out.get("traceback") or []
            parts.append("\n".join([head] + [line for line in tb if line.strip() != head.strip()]) + "\n")
    return "".join(parts)


class KernelStderr:
    """The kernel's own stderr, relayed to ours line by line, with its last lines kept: when the
    kernel dies, they say why (V8 prints "Reached heap limit" there before it aborts)."""

    def __init__(self):
        self.tail = collections.deque(maxlen=40)
        read_fd, self.fd = os.pipe()
        threading.Thread(target=self._relay, args=(read_fd,), daemon=True).start()

    def _relay(self, read_fd):
        with os.fdopen(read_fd, "r", errors="replace") as f:
            for line in f:
                sys.stderr.write(line)
                sys.stderr.flush()
                self.tail.append(line.rstrip("\n"))


def kernel_exit(client):
    """The dead kernel's exit status as words ("signal SIGABRT", "exit code 1"), or None."""
    proc = getattr(getattr(client.km, "provisioner", None), "process", None)
    if proc is None:
        return None
    try:
        rc = proc.wait(timeout=5)
    except Exception:
        return None
    if rc is None:
        return None
    if rc < 0:
        try:
            return f"signal {signal.Signals(-rc).name}"
        except ValueError:
            return f"signal {-rc}"
    return f"exit code {rc}"


def death_output(how, tail):
    """An error output for the cell the kernel died in: the saved notebook says what happened."""
    lines = list(tail)
    oom = any("heap out of memory" in l or "Reached heap limit" in l for l in lines)
    if oom:
        evalue = (
            f"the kernel ran out of JavaScript heap memory while running this cell and died ({how or 'killed'}). "
            "Big numeric data belongs in typed arrays (Float32Array), which live outside the heap; or raise the limit "
            "with NODE_OPTIONS=--max-old-space-size=<MiB> before starting Jupyter. Restart the kernel and run the cells again."
        )
    else:
        evalue = (
            f"the kernel died while running this cell ({how or 'no exit status'}). "
            "Its last messages are below; restart the kernel and run the cells again."
        )
    # V8's native stack frames ("12: 0x10e91f1 v8::internal::...") say nothing to a reader.
    shown = [l for l in lines if l.strip() and not re.match(r"^\s*\d+: 0x[0-9a-f]+", l)][-12:]
    return {"output_type": "error", "ename": "DeadKernelError", "evalue": evalue, "traceback": [f"DeadKernelError: {evalue}"] + shown}


def uses_plotly(nb):
    """True when an output draws with window.Plotly (a 3-D view's live HTML or the plotly MIME type)."""
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            data = o.get("data") or {}
            html = data.get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            if "application/vnd.plotly.v1+json" in data or "window.Plotly" in html:
                return True
    return False


def plotly_script(path):
    """plotly.js as inline <script> text: nothing in it may close or confuse the element."""
    with open(path, encoding="utf-8") as f:
        code = f.read()
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def export_html(nb, path, template_dir, plotly_js=None):
    from nbconvert import HTMLExporter

    # Our template drops the require.js and MathJax <script> tags that Debian's nbconvert points at
    # file:///usr/share/javascript/... : broken links elsewhere, and a loaded require.js would turn
    # plotly's bundle into an AMD module instead of window.Plotly.
    exporter = HTMLExporter(
        extra_template_paths=[template_dir],
        template_name="lab",
        template_file="rnn_atlas.html.j2",
    )
    # The lab template titles the page from nb.metadata.title, else "Notebook" for every export; a
    # reader's tab and bookmark should name the notebook, so take its first heading.
    title = first_heading(nb) or os.path.splitext(os.path.basename(path))[0]
    nb = nbformat.from_dict({**nb, "metadata": {**nb.metadata, "title": title}})
    # The saved notebook does not keep plotly.js (initPlotly replaces it by a note); the
    # self-contained export carries it once, in <head>, so its 3-D views stay interactive.
    resources = {"rnn_atlas_plotly": plotly_script(plotly_js)} if plotly_js and uses_plotly(nb) else {}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    # JupyterLab's whole stylesheet (0.54 MB) is inlined; keep the rules this page can use.
    write_atomic(path, purge_html_css(body))


def machine():
    """CPU model, vector ISA and core count, for the executed notebook's record (results do not depend on
    them; run times do)."""
    model, flags = "", set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() == "model name" and not model:
                    model = value.strip()
                elif key.strip() in ("flags", "Features") and not flags:
                    flags = set(value.split())
    except OSError:
        pass
    import platform
    isa = "avx512" if "avx512f" in flags else "avx2" if "avx2" in flags else "neon" if ("asimd" in flags or platform.machine() == "aarch64") else "generic"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{model or platform.processor() or platform.machine()} ({isa}, {cores} cores)"


def first_heading(nb):
    """The text of the first Markdown heading in the notebook, without Markdown emphasis or code marks."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            m = re.match(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", line)
            if m:
                return re.sub(r"[*`]", "", m.group(1)).strip()
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("notebook")
    ap.add_argument("--ipynb", required=True, help="where to save the executed notebook")
    ap.add_argument("--html", help="where to save the HTML export")
    ap.add_argument("--plotly-js", help="plotly.js bundle the HTML export embeds once when a 3-D view needs it")
    ap.add_argument("--timeout", type=float, default=900, help="per-cell timeout, seconds")
    ap.add_argument("--startup-timeout", type=float, default=120, help="kernel start timeout, seconds")
    ap.add_argument("--kernel", help="kernelspec name (default: the notebook's own)")
    args = ap.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    kernel = args.kernel or nb.metadata.get("kernelspec", {}).get("name")
    if not kernel:
        emit("fatal", message=f"{args.notebook} names no kernel (metadata.kernelspec.name); rnn-atlas notebooks use 'tslab'.")
        return 2
    try:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

        spec_dir = KernelSpecManager().get_kernel_spec(kernel).resource_dir
    except NoSuchKernel:
        emit("fatal", message=f"no Jupyter kernel named '{kernel}' (JUPYTER_PATH={os.environ.get('JUPYTER_PATH')}). Run: bash kernel-helpers/setup.sh")
        return 2

    client = NotebookClient(
        nb,
        timeout=int(args.timeout) if args.timeout > 0 else None,  # None: no limit
        startup_timeout=max(1, int(args.startup_timeout)),
        kernel_name=kernel,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}},
        record_timing=False,
    )
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    total = len(code_cells)
    status = 0
    failure = None
    kernel_stderr = KernelStderr()
    started, started_wall = time.monotonic(), time.time()

    async def run():
        nonlocal status, failure
        t0 = time.monotonic()
        async with client.async_setup_kernel(stderr=kernel_stderr.fd):
            info_id = client.kc.kernel_info()
            info = await client.async_wait_for_reply(info_id)
            if info is not None and "language_info" in info["content"]:
                nb.metadata["language_info"] = info["content"]["language_info"]
            emit("kernel", name=kernel, spec=spec_dir, seconds=round(time.monotonic() - t0, 3), cells=total)
            for n, index in enumerate(code_cells, start=1):
                cell = nb.cells[index]
                emit("cell_start", n=n, total=total, index=index, first_line=cell.source.strip().splitlines()[0][:100])
                t = time.monotonic()
                try:
                    await client.async_execute_cell(cell, index, execution_count=n)
                except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
                    # On an error nbclient raises before it stores the count; keep the numbering honest.
                    cell["execution_count"] = n
                    kind = type(e).__name__
                    if isinstance(e, DeadKernelError):
                        how = kernel_exit(client)
                        time.sleep(0.3)  # let the relay read the kernel's last lines
                        cell.setdefault("outputs", []).append(nbformat.from_dict(death_output(how, kernel_stderr.tail)))
                    stderr = output_text(cell.get("outputs", []))
                    failure = dict(
                        n=n, total=total, index=index, kind=kind, seconds=round(time.monotonic() - t, 3),
                        source=cell.source, stderr=stderr,
                        stdout=output_text(cell.get("outputs", []), names=("stdout",)),
                        message=str(e) if kind != "CellExecutionError" or not stderr.strip() else "",
                    )
                    emit("cell_error", **failure)
                    status = 1
                    return
                for out in cell.get("outputs", []):
                    if out.get("output_type") == "execute_result":
                        out["execution_count"] = n
                emit("cell_done", n=n, total=total, index=index, seconds=round(time.monotonic() - t, 3))

    try:
        asyncio.run(run())
    except Exception as e:  # kernel failed to start, died between cells, ...
        emit("fatal", message=f"{type(e).__name__}: {e}")
        status = 2

    # Save even after a failure: the executed cells and the failing cell's outputs help debugging.
    # What a reader of a shared notebook needs to judge it: the run mode and seed offset its numbers come
    # from, whether every cell ran, and the run time with the machine it was measured on.
    nb.metadata["rnn_atlas"] = {
        "mode": (os.environ.get("RNN_ATLAS_MODE", "quick") or "quick").strip().lower(),
        "seed": int(os.environ.get("RNN_ATLAS_SEED", "0") or 0),
        "complete": status == 0,
        "seconds": round(time.monotonic() - started, 1),
        "cpu": machine(),
        "date": time.strftime("%Y-%m-%d", time.gmtime(started_wall)),
    }
    write_atomic(args.ipynb, nbformat.writes(nb))
    if args.html:
        try:
            export_html(nb, args.html, os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates"), args.plotly_js)
        except Exception as e:
            emit("fatal", message=f"HTML export failed: {type(e).__name__}: {e}")
            status = status or 2
    emit("saved", ipynb=args.ipynb, html=args.html, complete=status == 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
