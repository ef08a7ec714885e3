"""Run-all semantics (stop_on_error): requests sent before a failing cell's reply are aborted; a
request sent after the reply runs; with stop_on_error=False nothing is aborted. Prints JSON."""
import json
import os
from jupyter_client.manager import start_new_kernel

km, kc = start_new_kernel(kernel_name=os.environ["KERNEL_NAME"])
try:
    def replies(ids):
        got = {}
        while len(got) < len(ids):
            m = kc.get_shell_msg(timeout=30)
            pid = m["parent_header"].get("msg_id")
            if pid in ids:
                got[pid] = m["content"]["status"]
        return [got[i] for i in ids]

    burst = [kc.execute('throw new Error("x")'), kc.execute("1"), kc.execute("2")]
    first = replies(burst)
    after = replies([kc.execute("3")])
    lenient = [kc.execute('throw new Error("y")', stop_on_error=False), kc.execute("4"), kc.execute("5")]
    second = replies(lenient)
    print(json.dumps({"run_all": first, "after_reply": after, "allow_errors": second}))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
