/**
 * What keeps one client from starving the rest of the listener:
 * - open connections are capped below the process's file-descriptor limit (the soft limit less a
 *   reserve for state files, model loads and the clients' own sockets, at most 2,048); past the
 *   cap the oldest connection with no request in flight – idle between requests, or still sending
 *   its headers (slowloris) – is closed, so a new client is always let in and answered;
 * - request bodies held in memory at once are capped (BodyBudget): a body waits for its turn
 *   rather than adding to the others (S3 uploads are not held: they stream to disk, body-spool.ts);
 * - the server's timers (SERVER_TIMEOUTS) end a request whose head or body stalls.
 */
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { Socket } from "node:net";

/**
 * node:http's timers, as Node 20 applies them (lib/_http_server.js, src/node_http_parser.cc):
 * - headersTimeout and requestTimeout run from a request's first byte (a new connection's from its
 *   accept) until its head, respectively its whole body, has arrived; they are checked every
 *   connectionsCheckingInterval (default 30 s, so a 10 s limit could take 40 s to act) and
 *   answered 408 with the connection closed. A connection idle between requests is in neither:
 *   an SDK's keep-alive connection reused after any pause starts a fresh head, so these limits
 *   never cut a reused connection.
 * - keepAliveTimeout is the idle limit between requests. SDKs keep idle connections open
 *   indefinitely, and a server that closes one at the moment a client reuses it makes that request
 *   fail unsent (a reset, which a client with retries off counts as a failed request); under load
 *   that moment comes often with Node's 5 s default. A minute makes it rare within a notebook's
 *   traffic; idle connections past the connection cap are closed sooner (limitConnections).
 * A local client sends its head in one write: 10 s is ample even on a loaded machine, and a
 * half-sent head (slowloris) holds its descriptor at most 11 s. S3 sets no limit on a whole
 * request; 30 minutes lets its largest PUT (5 GiB) through at 3 MiB/s, a rate a busy two-core
 * machine computing the SDK's checksums falls to.
 */
export const SERVER_TIMEOUTS = {
  headersTimeout: 10_000,
  requestTimeout: 1_800_000,
  connectionsCheckingInterval: 1_000,
  keepAliveTimeout: 65_000,
};

/** File descriptors kept for everything but client connections. */
const FD_RESERVE = 256;
const MAX_CONNECTIONS = 2048;

/** The open-connection cap for this process: its soft RLIMIT_NOFILE less the reserve. */
export function connectionCap(): number {
  let soft = 1024;
  try {
    const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    if (line) soft = line[1] === "unlimited" ? Infinity : Number(line[1]);
  } catch {
    // Not Linux: assume the common default.
  }
  return Math.max(32, Math.min(MAX_CONNECTIONS, soft - FD_RESERVE));
}

export function limitConnections(server: Server, max: number): void {
  // Connections with no request in flight, oldest first (a Set keeps insertion order).
  const idle = new Set<Socket>();
  let open = 0;
  server.on("connection", (socket: Socket) => {
    open++;
    idle.add(socket);
    socket.once("close", () => {
      open--;
      idle.delete(socket);
    });
    if (open > max) idle.values().next().value?.destroy();
  });
  server.on("request", (req: { socket: Socket }, res: { once(e: "close", f: () => void): void }) => {
    idle.delete(req.socket);
    res.once("close", () => {
      if (!req.socket.destroyed) idle.add(req.socket);
    });
  });
}

/** A FIFO budget of bytes: `acquire(n)` resolves once n bytes fit, with the function that gives them back. */
export class BodyBudget {
  private used = 0;
  private readonly waiting: { bytes: number; grant: () => void }[] = [];

  constructor(readonly capacity: number) {}

  acquire(bytes: number): Promise<() => void> {
    const n = Math.min(bytes, this.capacity);
    const release = () => {
      this.used -= n;
      this.next();
    };
    return new Promise((resolve) => {
      this.waiting.push({ bytes: n, grant: () => resolve(release) });
      this.next();
    });
  }

  private next(): void {
    while (this.waiting.length > 0 && this.used + this.waiting[0]!.bytes <= this.capacity) {
      const { bytes, grant } = this.waiting.shift()!;
      this.used += bytes;
      grant();
    }
  }
}
