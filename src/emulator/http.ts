/** The server's view of one HTTP exchange, independent of node:http, so protocols stay pure. */
import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";

export type Query = Record<string, string | string[]>;

export interface Incoming {
  method: string;
  /** Path exactly as sent (still percent-encoded): SigV4 signs this form. */
  rawPath: string;
  query: Query;
  /** Lower-cased names; repeated headers joined with "," as SigV4 canonicalises them. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** A stream (an S3 object's bytes) is written as it is read; its length is in the headers. */
  body?: Buffer | string | Readable;
}

/** Single value of a query parameter (the first if repeated). */
export function queryValue(query: Query, name: string): string | undefined {
  const v = query[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Decodes `a=1&b&a=2` keeping repeated keys; `+` is a space as in form encoding. The result has
 * no prototype, so a parameter named `__proto__` or `constructor` is just a parameter.
 */
export function parseQuery(raw: string): Query {
  const query: Query = Object.create(null) as Query;
  if (!raw) return query;
  for (const part of raw.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? "" : decode(part.slice(eq + 1));
    const prev = query[key];
    query[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return query;
}

/** A percent-encoded path segment decoded; one that is not valid percent-encoding stays as sent. */
export function decodePath(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

/**
 * A request whose body could not be read: larger than the emulator reads, or cut off (the client
 * went away mid-body). It carries the request line and headers, so the error can still be
 * routed and written in the service's own format. Codes are S3's (EntityTooLarge, IncompleteBody).
 */
export class BodyError extends Error {
  constructor(
    readonly head: Incoming,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const bodyTooLarge = (head: Incoming, maxBytes: number) =>
  new BodyError(
    head,
    "EntityTooLarge",
    `Your proposed upload exceeds the maximum allowed size (${maxBytes} bytes in one request).`,
  );

/** A failure while a body arrived: the refusal itself, or the client gone before its end. */
export const bodyFailure = (head: Incoming, e: unknown): BodyError =>
  e instanceof BodyError
    ? e
    : new BodyError(
        head,
        "IncompleteBody",
        "You did not provide the number of bytes specified by the Content-Length HTTP header.",
      );

/**
 * Reads the body of a request whose head is `head`, holding at most `maxBytes`: a larger one is
 * refused from its Content-Length before any byte is read, or as soon as it passes the cap.
 */
export async function readBody(msg: IncomingMessage, head: Incoming, maxBytes: number): Promise<Incoming> {
  const tooLarge = () => bodyTooLarge(head, maxBytes);
  if (Number(head.headers["content-length"] ?? 0) > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  // With a Content-Length the body is copied into one buffer as it arrives (no second copy to join chunks).
  const declared = Number(head.headers["content-length"]);
  const whole = Number.isSafeInteger(declared) && declared > 0 ? Buffer.allocUnsafe(declared) : undefined;
  try {
    for await (const chunk of msg as AsyncIterable<Buffer>) {
      if (size + chunk.length > maxBytes) throw tooLarge();
      // The parser delivers no more than Content-Length bytes.
      if (whole) chunk.copy(whole, size);
      else chunks.push(chunk);
      size += chunk.length;
    }
  } catch (e) {
    throw bodyFailure(head, e);
  }
  if (whole) return { ...head, body: size === whole.length ? whole : whole.subarray(0, size) };
  return { ...head, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) };
}

/** The request line and headers, with an empty body (readBody reads it). */
export function readHead(msg: IncomingMessage): Incoming {
  const url = msg.url ?? "/";
  const q = url.indexOf("?");
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i < msg.rawHeaders.length; i += 2) {
    const name = msg.rawHeaders[i]!.toLowerCase();
    const value = msg.rawHeaders[i + 1]!;
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return {
    method: msg.method ?? "GET",
    rawPath: q < 0 ? url : url.slice(0, q),
    query: parseQuery(q < 0 ? "" : url.slice(q + 1)),
    headers,
    body: Buffer.alloc(0),
  };
}
