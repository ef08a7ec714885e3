"""Interrupt means stop: a training started in a cell stops when the kernel is interrupted, its last
state is saved, and the kernel answers the next cell. Prints JSON."""
import json
import os
import time
from jupyter_client.manager import start_new_kernel

out = os.environ["RUN_DIR"]
latest = os.path.join(out, "state", "latest.json")
km, kc = start_new_kernel(kernel_name=os.environ["KERNEL_NAME"], startup_timeout=60)


def epoch():
    try:
        with open(latest) as f:
            return json.load(f)["epoch"]
    except (OSError, ValueError):
        return None


try:
    kc.execute_interactive('import { trainPopulation } from "rnn-atlas";', timeout=60, output_hook=lambda m: None)
    cell = (
        'await trainPopulation({ task: "flipflop3", spec: { arch: "vanilla", hiddenSize: 32 }, networks: 4, seed: 1, '
        f'data: {{ batch: 32 }}, stop: {{ maxEpochs: 1000000 }}, outDir: {json.dumps(out)}, snapshotEvery: 20 }});'
    )
    msg_id = kc.execute(cell)
    started = None
    for _ in range(300):  # wait until the first snapshot shows the training runs (up to 30 s)
        time.sleep(0.1)
        started = epoch()
        if started is not None:
            break
    time.sleep(1.0)
    km.interrupt_kernel()
    # the cell's own reply, then where the state is a moment later and a while later
    reply = None
    while reply is None:
        m = kc.get_shell_msg(timeout=30)
        if m["parent_header"].get("msg_id") == msg_id:
            reply = m["content"]["status"]
    time.sleep(1.0)
    at_stop = epoch()
    time.sleep(3.0)
    later = epoch()
    nxt = kc.execute_interactive("1 + 1", timeout=30, output_hook=lambda m: None)["content"]["status"]
    print(json.dumps({"started": started is not None, "reply": reply, "stopped": at_stop == later, "at_stop": at_stop, "later": later, "next": nxt}))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
