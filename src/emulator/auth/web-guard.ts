/**
 * Requests a web page could make. The emulator's key pair is public, so a signature proves
 * nothing about who sent a request: a page in a browser could reach the loopback listener by DNS
 * rebinding (its own name resolving to 127.0.0.1: the Host header still names it) or with
 * requests that need no CORS preflight (they carry the page's Origin, or Sec-Fetch-Site
 * cross-site). Both are refused before the body is read. AWS has no such rule; the codes are
 * each family's access-denied error (emulator choice, README).
 */
import { ServiceError } from "../errors";
import type { Incoming } from "../http";
import type { AuthErrorFamily } from "./errors";

/** localhost, *.localhost (RFC 6761: loopback), 127.0.0.0/8, ::1. */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return (
    name === "localhost" ||
    name.endsWith(".localhost") ||
    /^127(\.\d{1,3}){3}$/.test(name) ||
    name === "::1" ||
    name === "[::1]"
  );
}

/** The host name of a Host header value (`name:port`, `[v6]:port`). */
function hostnameOf(host: string): string {
  const v6 = /^\[([^\]]*)\]/.exec(host);
  return v6 ? v6[1]! : host.replace(/:\d*$/, "");
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === "http:" || url.protocol === "https:") && isLoopbackName(url.hostname);
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and anything unparsable
  }
}

/** Why the request is refused, or undefined. `boundHost`: the address the listener was given. */
export function webRefusal(req: Incoming, boundHost: string): string | undefined {
  const host = req.headers["host"];
  if (host !== undefined) {
    const name = hostnameOf(host);
    if (!isLoopbackName(name) && name.toLowerCase() !== boundHost.toLowerCase()) {
      return `Host '${host}' is not a loopback name or address: the emulator answers requests to localhost, *.localhost, 127.0.0.1 and [::1] (or the host it was started with) only.`;
    }
  }
  const origin = req.headers["origin"];
  if (origin !== undefined && !isLoopbackOrigin(origin)) {
    return `Requests from web pages are refused (Origin '${origin}'): the emulator's key pair is public, so a page must not drive it.`;
  }
  if (req.headers["sec-fetch-site"]?.toLowerCase() === "cross-site") {
    return "Requests from web pages are refused (Sec-Fetch-Site 'cross-site'): the emulator's key pair is public, so a page must not drive it.";
  }
  return undefined;
}

const CODES: Record<AuthErrorFamily, string> = {
  json: "AccessDeniedException",
  query: "AccessDenied",
  s3: "AccessDenied",
};

export function webRefusalError(message: string, family: AuthErrorFamily): ServiceError {
  return new ServiceError(CODES[family], message, 403);
}
