"""A server in the container contract that tells what it was given, for the specs of local-process containers.
It is the README's example server (examples/byoc/server.py) with other answers.

`probe-server.py serve` on SAGEMAKER_BIND_TO_PORT. GET /ping: 200, or 503 forever when the model's
Environment sets PROBE_PING=never. POST /invocations answers JSON: its argv, pid, the variables it
got, the files under SM_MODEL_DIR, and the request's Content-Type, Accept and body; a body
"status NNN" is answered with that status, and a body "exit" ends the process without answering.
"""

import json
import os
import sys
from http.server import ThreadingHTTPServer

# The example server's handler answers as the README's server does; the probe only changes what it answers.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "examples", "byoc"))
import server  # noqa: E402  (reads model.json from SM_MODEL_DIR, as the probe's model data provides)

SEEN = ["SM_MODEL_DIR", "SAGEMAKER_BIND_TO_PORT", "PATH", "GREETING", "LD_PRELOAD", "PYTHONPATH", "NODE_OPTIONS"]


class Handler(server.Handler):
    def do_GET(self):
        ok = self.path == "/ping" and os.environ.get("PROBE_PING") != "never"
        self.answer(200 if ok else 503, "text/plain", b"")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
        if body == "exit":
            os._exit(3)
        model_dir = os.environ["SM_MODEL_DIR"]
        files = sorted(
            os.path.relpath(os.path.join(d, f), model_dir) for d, _, names in os.walk(model_dir) for f in names
        )
        seen = {
            "argv": sys.argv[1:],
            "pid": os.getpid(),
            "env": {k: os.environ.get(k) for k in SEEN},
            "modelFiles": files,
            "contentType": self.headers.get("Content-Type"),
            "accept": self.headers.get("Accept"),
            "body": body,
        }
        status = int(body[7:]) if body.startswith("status ") else 200
        self.answer(status, "application/json", json.dumps(seen).encode())


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(os.environ["SAGEMAKER_BIND_TO_PORT"])), Handler).serve_forever()
