/**
 * Raw HTTP to the emulator, signed exactly as the AWS SDKs sign (with @smithy/signature-v4), for
 * the requests an SDK refuses to build: wrong types, broken bodies, odd headers and paths.
 * A request names its service (which fixes the SigV4 scope and the protocol's headers) and how
 * to sign it: correctly, with a wrong secret, an unknown key, a skewed clock, or not at all.
 */
import { createHash } from "node:crypto";
import { Agent, request as httpRequest } from "node:http";
import { connect } from "node:net";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "../../../src/emulator/auth/sha256";
import { LOCAL_KEYS } from "../../../support/emulator";

export { LOCAL_KEYS };
export const REGION = "us-east-1";

export type Service = "s3" | "sagemaker" | "runtime" | "cloudwatch" | "cloudwatchQuery";

export type Signing =
  | { kind: "valid" }
  | { kind: "none" }
  | { kind: "wrongSecret" }
  | { kind: "unknownKey" }
  /** Valid signature made `skewMs` away from now (negative: in the past). */
  | { kind: "skewed"; skewMs: number }
  /** A signature whose hex is flipped after signing (valid shape, wrong value). */
  | { kind: "tampered" };

export interface RawRequest {
  service: Service;
  method?: string;
  /** Path as sent on the wire (already percent-encoded). */
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  signing?: Signing;
  /** Headers set after signing (they are then not covered by the signature). */
  unsignedHeaders?: Record<string, string>;
  /** Host header (default the emulator's host:port). */
  host?: string;
}

/** A request as it goes on the wire. */
export interface Prepared {
  method: string;
  /** Path and query string. */
  target: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The AWS error code, however the protocol wrote it (JSON __type / header, XML <Code>). */
  code?: string;
  /** The AWS error message, if any. */
  message?: string;
}

/** What each service's requests look like on the wire, before the case's own headers. */
const DEFAULTS: Record<Service, { scope: string; method: string; path: string; headers: Record<string, string> }> = {
  s3: { scope: "s3", method: "GET", path: "/", headers: {} },
  sagemaker: {
    scope: "sagemaker",
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-amz-json-1.1" },
  },
  runtime: { scope: "sagemaker", method: "POST", path: "/endpoints/x/invocations", headers: {} },
  cloudwatch: {
    scope: "monitoring",
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amzn-query-mode": "true" },
  },
  cloudwatchQuery: {
    scope: "monitoring",
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
  },
};

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

export class Wire {
  readonly host: string;
  readonly port: number;
  private readonly agent: Agent;

  constructor(
    readonly url: string,
    maxSockets = 16,
    /** A request unanswered this long is given up (and reported as a transport error). */
    private readonly timeoutMs = 120_000,
  ) {
    const u = new URL(url);
    this.host = u.host;
    this.port = Number(u.port);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /**
   * Signs (or not) and sends one request; resolves with the answer, rejects only on a transport
   * error. `afterSigning` may change the signed request before it goes (a tampering client).
   */
  async send(r: RawRequest, afterSigning?: (p: Prepared) => void): Promise<RawResponse> {
    const prepared = await this.prepare(r);
    afterSigning?.(prepared);
    return this.transmit(prepared.method, prepared.target, prepared.headers, prepared.body);
  }

  /** The request as it will go on the wire: method, request target, headers, body. */
  async prepare(r: RawRequest): Promise<Prepared> {
    const d = DEFAULTS[r.service];
    const method = r.method ?? d.method;
    // What an HTTP client can put in a request target: anything outside printable ASCII is percent-encoded.
    const path = (r.path ?? d.path).replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
    const query = r.query ?? {};
    const body = r.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
    const headers: Record<string, string> = wireSafe({
      host: r.host ?? this.host,
      ...d.headers,
      ...lower(r.headers ?? {}),
    });
    if (r.service === "s3" && headers["x-amz-content-sha256"] === undefined)
      headers["x-amz-content-sha256"] = sha256Hex(body);
    const signing = r.signing ?? { kind: "valid" };
    let signed = headers;
    if (signing.kind !== "none") {
      const credentials =
        signing.kind === "wrongSecret"
          ? { ...LOCAL_KEYS, secretAccessKey: "not-the-emulator-secret" }
          : signing.kind === "unknownKey"
            ? { accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "whatever" }
            : LOCAL_KEYS;
      const signer = new SignatureV4({
        credentials,
        region: REGION,
        service: d.scope,
        sha256: Sha256,
        uriEscapePath: r.service !== "s3",
      });
      const signingDate = signing.kind === "skewed" ? new Date(Date.now() + signing.skewMs) : new Date();
      const out = await signer.sign(
        { method, protocol: "http:", hostname: this.host.split(":")[0]!, port: this.port, path, query, headers, body },
        { signingDate },
      );
      signed = out.headers;
      if (signing.kind === "tampered")
        signed["authorization"] = signed["authorization"]!.replace(
          /Signature=([0-9a-f])/,
          (_, c: string) => `Signature=${c === "0" ? "1" : "0"}`,
        );
    }
    const qs = Object.entries(query)
      .map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`)
      .join("&");
    return {
      method,
      target: qs ? `${path}?${qs}` : path,
      headers: { ...signed, ...lower(r.unsignedHeaders ?? {}) },
      body,
    };
  }

  transmit(method: string, target: string, headers: Record<string, string>, body: Buffer): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port: this.port,
          method,
          path: target,
          headers: { ...headers, "content-length": String(body.length) },
          agent: this.agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => resolve(parseAnswer(res.statusCode ?? 0, res.headers, Buffer.concat(chunks))));
        },
      );
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on("error", reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * Bytes straight onto a fresh TCP connection (for requests node:http will not build: control
 * characters in the request line, broken framing). Resolves with whatever came back before the
 * server closed the connection or `idleMs` of silence passed.
 */
export function sendBytes(port: number, bytes: Buffer, idleMs = 200): Promise<Buffer> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks));
    };
    const idle = () => {
      clearTimeout(timer);
      timer = setTimeout(done, idleMs);
    };
    socket.on("connect", () => {
      socket.write(bytes);
      idle();
    });
    socket.on("data", (c: Buffer) => {
      chunks.push(c);
      idle();
    });
    socket.on("error", done);
    socket.on("close", done);
  });
}

export function parseAnswer(status: number, headers: RawResponse["headers"], body: Buffer): RawResponse {
  const out: RawResponse = { status, headers, body };
  if (status < 300) return out;
  const text = body.toString("utf8");
  const header = headers["x-amzn-errortype"];
  const fromHeader = typeof header === "string" ? header.split(":")[0] : undefined;
  const xmlCode = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const xmlMessage = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  let json: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object") json = parsed as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  const jsonType = typeof json?.["__type"] === "string" ? json["__type"].split("#").pop() : undefined;
  out.code = fromHeader ?? jsonType ?? xmlCode;
  const message =
    json?.["message"] ?? json?.["Message"] ?? (xmlMessage === undefined ? undefined : decodeXml(xmlMessage));
  if (typeof message === "string") out.message = message;
  return out;
}

const decodeXml = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** Percent-encoding as SigV4 canonicalises query strings (RFC 3986 unreserved kept). */
export const encodeRfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Header values as bytes on the wire: text beyond Latin-1 goes as its UTF-8 bytes (what a client
 * sending UTF-8 puts on the wire; the server reads them back as Latin-1), control characters an
 * HTTP client cannot send are percent-escaped.
 */
function wireSafe(h: Record<string, string>): Record<string, string> {
  const safe = (v: string) =>
    Buffer.from(v, "utf8")
      .toString("latin1")
      // eslint-disable-next-line no-control-regex -- the control characters are what this escapes
      .replace(/[\x00-\x08\x0a-\x1f\x7f]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, safe(v)]));
}

function lower(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

/** `X-Amz-Target` and a JSON body for an awsJson operation. */
export const sageMaker = (operation: string, input: unknown): RawRequest => ({
  service: "sagemaker",
  headers: { "x-amz-target": `SageMaker.${operation}` },
  body: typeof input === "string" ? input : JSON.stringify(input),
});

export const cloudWatchJson = (operation: string, input: unknown): RawRequest => ({
  service: "cloudwatch",
  headers: { "x-amz-target": `GraniteServiceVersion20100801.${operation}` },
  body: typeof input === "string" ? input : JSON.stringify(input),
});

export const cloudWatchQuery = (action: string, params: Record<string, string>): RawRequest => ({
  service: "cloudwatchQuery",
  body: new URLSearchParams({ Action: action, Version: "2010-08-01", ...params }).toString(),
});

export const invoke = (endpoint: string, body: string | Buffer, headers: Record<string, string> = {}): RawRequest => ({
  service: "runtime",
  path: `/endpoints/${encodeURIComponent(endpoint)}/invocations`,
  headers: { "content-type": "text/csv", ...headers },
  body,
});
