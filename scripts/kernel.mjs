// The project's Jupyter kernel: tslab, started after an incremental build of
// src/ into dist/, so a notebook that imports "../dist" always sees the
// helpers as they are now. Editing a helper therefore needs only a kernel restart.
import { writeSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "./build.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));

const errors = build();
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
  if (typeof args[0] === "string" && args[0].startsWith("unknown msg_type:")) writeSync(2, `[guardrails-ts] ignored ${args[0]}\n`);
  else warn(...args);
};

const { startKernel } = require("tslab/dist/main.js");
startKernel({ configPath: process.argv[2], enableFindLocal: false });
