// The project's Jupyter kernel: tslab, started after an incremental build of
// src/ into dist/, so a notebook that imports "../dist" always sees the
// helpers as they are now. Editing a helper therefore needs only a kernel restart.
// GUARDRAILS_KERNEL_SKIP_BUILD=1 skips that build: the test suite sets it after
// building once itself, so its many kernels do not each check src/ again.
import { createHmac, randomBytes } from "node:crypto";
import { writeSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "./build.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));

const errors = process.env.GUARDRAILS_KERNEL_SKIP_BUILD === "1" ? "" : build();
if (errors) {
  // Jupyter shows kernel stderr in its log; the notebook then runs on the last good build.
  process.stderr.write(`[guardrails-ts] build of src/ failed, using the previous dist/:\n${errors}`);
}

// tslab fires ZeroMQ sends without awaiting them; zeromq 6 refuses a send while
// the previous one is still in flight ("Socket is busy writing"), which kills a
// cell that prints or updates a display from concurrent callbacks. Queue them.
const zmq = require("zeromq");
// Sockets are not extensible: keep each one's queue beside it.
const queues = new WeakMap();
for (const Socket of [zmq.Publisher, zmq.Router]) {
  // tslab binds its sockets concurrently, so a request can reach the shell socket while iopub is
  // still binding, and zeromq refuses the status sent then ("Socket is blocked by a bind or unbind
  // operation"). Sends on a socket wait for its bind.
  const bind = Socket.prototype.bind;
  Object.defineProperty(Socket.prototype, "bind", {
    value(address) {
      const bound = bind.call(this, address);
      queues.set(
        this,
        bound.catch(() => {}),
      );
      return bound;
    },
  });
  const send = Socket.prototype.send;
  // The inherited method is read-only, so shadow it with an own property.
  Object.defineProperty(Socket.prototype, "send", {
    value(message) {
      const sent = (queues.get(this) ?? Promise.resolve()).then(() => send.call(this, message));
      queues.set(
        this,
        sent.catch((err) => {
          // Messages still queued when Jupyter shuts the kernel down have nobody left to read them.
          if (!this.closed) writeSync(2, `[guardrails-ts] a kernel message was lost: ${err}\n`);
        }),
      );
      return sent;
    },
  });
}

// tslab answers messages it does not handle (comm_open, comm_msg from JupyterLab's
// widget manager) with a console.warn, which lands in whatever cell is running as
// if the cell had printed it. Send those to the kernel's log instead.
const warn = console.warn;
console.warn = (...args) => {
  if (typeof args[0] === "string" && args[0].startsWith("unknown msg_type:"))
    writeSync(2, `[guardrails-ts] ignored ${args[0]}\n`);
  else warn(...args);
};

// JupyterLab ignores status messages whose parent is a kernel_info_request (jupyter_server's
// untracked message types), and tslab publishes no status of its own at start as ipykernel does:
// after a restart, when nothing but kernel_info has been asked, the status bar stays "Unknown"
// until a cell runs. Once a kernel_info_request is answered and nothing else is running, say idle
// with no parent, as a kernel that has just started does.
const { ZmqServer } = require("tslab/dist/jupyter.js");
const DELIM = "<IDS|MSG>";
let handling = 0;
const handleShellMessage = ZmqServer.prototype.handleShellMessage;
ZmqServer.prototype.handleShellMessage = async function (sock, ...frames) {
  const at = frames.findIndex((f) => f.toString() === DELIM);
  const request = at >= 0 ? JSON.parse(frames[at + 2].toString()) : undefined;
  const infoOnly = request?.msg_type === "kernel_info_request";
  if (!infoOnly) handling++;
  try {
    return await handleShellMessage.call(this, sock, ...frames);
  } finally {
    if (!infoOnly) handling--;
    else if (handling === 0) publishIdle(this, request.session);
  }
};

function publishIdle(server, session) {
  const parts = [
    {
      version: "5.3",
      date: new Date().toISOString(),
      session,
      username: "kernel",
      msg_type: "status",
      msg_id: randomBytes(16).toString("hex"),
    },
    {},
    {},
    { execution_state: "idle" },
  ].map((part) => Buffer.from(JSON.stringify(part)));
  const hmac = createHmac("sha256", server.connInfo.key);
  for (const part of parts) hmac.update(part);
  server.iopub.send([Buffer.from("status"), Buffer.from(DELIM), Buffer.from(hmac.digest("hex")), ...parts]);
}

const { startKernel } = require("tslab/dist/main.js");
startKernel({ configPath: process.argv[2], enableFindLocal: false });
