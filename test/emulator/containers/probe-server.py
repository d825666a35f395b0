"""A server in the container contract that tells what it was given, for the specs of local-process containers.

`probe-server.py serve` on SAGEMAKER_BIND_TO_PORT. GET /ping: 200, or 503 forever when the model's
Environment sets PROBE_PING=never. POST /invocations answers JSON: its argv, pid, the variables it
got, the files under SM_MODEL_DIR, and the request's Content-Type, Accept and body; a body
"status NNN" is answered with that status, and a body "exit" ends the process without answering.
"""

import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SEEN = ["SM_MODEL_DIR", "SAGEMAKER_BIND_TO_PORT", "PATH", "GREETING", "LD_PRELOAD", "PYTHONPATH", "NODE_OPTIONS"]


class Handler(BaseHTTPRequestHandler):
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

    def answer(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(os.environ["SAGEMAKER_BIND_TO_PORT"])), Handler).serve_forever()
