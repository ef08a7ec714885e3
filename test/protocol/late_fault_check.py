"""A callback that throws while the kernel is idle: the next cell is not run and shows the fault,
naming the cell that scheduled it; the cell after that runs normally. Prints JSON."""
import json
import os
import time
from jupyter_client.manager import start_new_kernel

km, kc = start_new_kernel(kernel_name=os.environ["KERNEL_NAME"], startup_timeout=60)


def run(code):
    outputs = []
    reply = kc.execute_interactive(code, timeout=30, output_hook=outputs.append)
    values = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
    return reply["content"], values


try:
    first, _ = run('setTimeout(() => { throw new Error("while idle"); }, 200);\n"scheduled"')
    time.sleep(1.0)  # the timer fires while no cell runs
    second, _ = run("globalThis.ranSecond = true;")
    third, values = run("String(globalThis.ranSecond === true)")
    print(json.dumps({
        "first": first["status"],
        "second": {"status": second["status"], "evalue": second.get("evalue", ""), "ran": "true" in "".join(values)},
        "third": third["status"],
    }))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
