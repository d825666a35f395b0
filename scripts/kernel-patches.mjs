// The kernel's patches to tslab and zeromq, each naming the upstream behaviour it works around
// and written against one version of the package it patches: a different installed version is
// said in the kernel's log (stderr), so a patch that may no longer fit is looked at, not trusted.
import { createHmac, randomBytes } from "node:crypto";
import { writeSync } from "node:fs";

/** The versions these patches were written against (package.json pins them). */
export const PATCHED_VERSIONS = { zeromq: "6.8.0", tslab: "1.0.22" };

const DELIM = "<IDS|MSG>";
const log = (text) => writeSync(2, `[guardrails-ts] ${text}\n`);

function checkVersion(require, name, patch) {
  const installed = require(`${name}/package.json`).version;
  if (installed !== PATCHED_VERSIONS[name])
    log(
      `${patch}: written for ${name} ${PATCHED_VERSIONS[name]}, ${name} ${installed} is installed; check scripts/kernel-patches.mjs`,
    );
}

/**
 * zeromq 6: a send while the previous one is in flight is refused ("Socket is busy writing"), and
 * so is a send while the socket is still binding ("Socket is blocked by a bind or unbind
 * operation"); tslab fires sends without awaiting them and binds its sockets concurrently.
 */
function queueZeromqSends(require) {
  checkVersion(require, "zeromq", "queued ZeroMQ sends");
  const zmq = require("zeromq");
  // Sockets are not extensible: keep each one's queue beside it.
  const queues = new WeakMap();
  for (const Socket of [zmq.Publisher, zmq.Router]) {
    // A request can reach the shell socket while iopub is still binding: sends wait for the bind.
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
}

/**
 * tslab: messages it does not handle (comm_open, comm_msg from JupyterLab's widget manager) are
 * answered with a console.warn, which lands in whatever cell is running.
 */
function logUnknownMessages(require) {
  checkVersion(require, "tslab", "unknown messages to the kernel log");
  const warn = console.warn;
  console.warn = (...args) => {
    if (typeof args[0] === "string" && args[0].startsWith("unknown msg_type:"))
      writeSync(2, `[guardrails-ts] ignored ${args[0]}\n`);
    else warn(...args);
  };
}

/**
 * tslab: no status is published at start as ipykernel does, and JupyterLab ignores statuses
 * parented by kernel_info_request (jupyter_server's untracked message types), so after a restart
 * the status bar stays "Unknown" until a cell runs.
 */
function publishIdleAfterKernelInfo(require) {
  checkVersion(require, "tslab", "idle status after kernel_info");
  const { ZmqServer } = require("tslab/dist/jupyter.js");
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
}

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

/** Applies every patch; `require` resolves packages as the kernel does (from the project root). */
export function applyKernelPatches(require) {
  queueZeromqSends(require);
  logUnknownMessages(require);
  publishIdleAfterKernelInfo(require);
}
