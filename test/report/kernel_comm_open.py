"""Runs a cell in the project kernel while a comm_open arrives (as JupyterLab sends one
when it opens a notebook), and prints every stream text the cell produced."""
import json
import sys

from jupyter_client.manager import start_new_kernel

km, kc = start_new_kernel(kernel_name=sys.argv[1], startup_timeout=120)
try:
    msg_id = kc.execute('await new Promise((r) => setTimeout(r, 1500)); console.log("cell done");')
    comm = kc.session.msg("comm_open", {"comm_id": "c1", "target_name": "jupyter.widget", "data": {}})
    kc.shell_channel.send(comm)
    texts = []
    while True:
        msg = kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            texts.append(msg["content"]["text"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    print(json.dumps(texts))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
