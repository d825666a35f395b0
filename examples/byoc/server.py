"""A small inference server in SageMaker's bring-your-own-container contract, standard library only.

Run as `server.py serve` (SageMaker's `docker run <image> serve`). It answers GET /ping and
POST /invocations on SAGEMAKER_BIND_TO_PORT (8080 by default), and reads its model from
SM_MODEL_DIR (SageMaker extracts ModelDataUrl to /opt/ml/model): `model.json`, a logistic model
{"weights": [w1, ...], "bias": b}.

POST /invocations takes text/csv rows of features and answers one score per row: JSON
{"predictions": [{"score": s, "predicted_label": 0|1}, ...]} (Accept application/json, the default)
or one score per line (Accept text/csv). Another Content-Type is 415, another Accept 406, a row
it cannot read 400.

LOG_FEATURES (from the model's Environment, e.g. "0,3") names columns the model takes the natural
log of before scoring. A value there that is not positive has no log: the request fails with 500
("math domain error"), the way a model version with such a transform fails on the rows it never saw
in training.
"""

import json
import math
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL_DIR = os.environ.get("SM_MODEL_DIR", "/opt/ml/model")
PORT = int(os.environ.get("SAGEMAKER_BIND_TO_PORT", "8080"))
# Inside a container the port is published from all interfaces; run locally, loopback only.
HOST = "127.0.0.1" if "SM_MODEL_DIR" in os.environ else "0.0.0.0"
LOG_FEATURES = [int(c) for c in os.environ.get("LOG_FEATURES", "").split(",") if c.strip()]

with open(os.path.join(MODEL_DIR, "model.json")) as f:
    MODEL = json.load(f)


class BadRequest(Exception):
    pass


def score(row):
    features = [float(v) for v in row.split(",")]
    if len(features) != len(MODEL["weights"]):
        raise BadRequest(f"expected {len(MODEL['weights'])} features, got {len(features)}")
    for column in LOG_FEATURES:
        features[column] = math.log(features[column])
    z = sum(w * x for w, x in zip(MODEL["weights"], features)) + MODEL["bias"]
    return 1 / (1 + math.exp(-z))


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/ping":
            self.answer(200, "application/json", b"{}")
        else:
            self.answer(404, "text/plain", b"not found")

    def do_POST(self):
        if self.path != "/invocations":
            return self.answer(404, "text/plain", b"not found")
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        accept = (self.headers.get("Accept") or "application/json").split(";")[0].strip()
        if content_type != "text/csv":
            return self.answer(415, "text/plain", f"unsupported content type {content_type!r}".encode())
        if accept not in ("application/json", "text/csv", "*/*"):
            return self.answer(406, "text/plain", f"cannot answer {accept!r}".encode())
        try:
            scores = [score(row) for row in body.strip().splitlines() if row.strip()]
        except (BadRequest, ValueError) as e:
            # math.log's "math domain error" is a ValueError too, but a fault of the model, not the request.
            status = 500 if str(e) == "math domain error" else 400
            return self.answer(status, "text/plain", str(e).encode())
        if accept == "text/csv":
            return self.answer(200, "text/csv", "".join(f"{s}\n" for s in scores).encode())
        predictions = [{"score": s, "predicted_label": int(s >= 0.5)} for s in scores]
        self.answer(200, "application/json", json.dumps({"predictions": predictions}).encode())

    def answer(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        sys.stderr.write("%s\n" % (format % args))


if __name__ == "__main__":
    if sys.argv[1:] != ["serve"]:
        sys.exit("usage: server.py serve")
    ThreadingHTTPServer((HOST, PORT), Handler).serve_forever()
