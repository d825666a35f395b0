/**
 * SigV4 verification. The canonical request is rebuilt with @smithy/signature-v4's own
 * canonicalisation (the code that signed the JS clients' requests), the signature is recomputed
 * with the configured secret and compared in constant time.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import {
  ALGORITHM_IDENTIFIER,
  EVENT_ALGORITHM_IDENTIFIER,
  SignatureV4Base,
  getCanonicalHeaders,
  getSigningKey,
} from "@smithy/signature-v4";
import type { Clock } from "../clock";
import type { Incoming, Query } from "../http";
import { queryValue } from "../http";
import { AwsChunkedDecoder, ChunkFormatError, type ChunkListener } from "../protocols/aws-chunked";
import { Sha256, hmacHex, sha256Hex } from "./sha256";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export type AuthFailure =
  | "missing"
  | "malformed"
  | "unknownKey"
  | "badSignature"
  | "contentSha256Mismatch"
  | "expired"
  /** A presigned URL whose X-Amz-Date is still in the future. */
  | "notYetValid"
  /** X-Amz-Date is not an ISO 8601 basic-format time. */
  | "badDate"
  /** X-Amz-Date (header auth) too far from the server's clock: `past` or future. */
  | "skewed"
  /** Credential scope names another service than the one answering. */
  | "wrongService"
  /** A presigned URL's X-Amz-Expires is missing or not a number of seconds up to a week. */
  | "badQueryParameters"
  /** A header that must be signed (host; X-Amz-Target outside S3) is not among SignedHeaders. */
  | "headersNotSigned"
  /** A session token (x-amz-security-token): the emulator issues none, so none is valid. */
  | "badToken";

export class AuthError extends Error {
  constructor(
    readonly kind: AuthFailure,
    message: string = kind,
    /** Extra members of the error (S3 writes them into <Error>). */
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

/**
 * How far a header-signed request's X-Amz-Date may be from the server's clock: 15 minutes for S3,
 * 5 minutes for the other services (AWS's "Signature expired … (… - 5 min.)").
 */
const MAX_SKEW_MS = { s3: 15 * 60_000, other: 5 * 60_000 };
/** The longest X-Amz-Expires of a presigned URL (one week). */
const MAX_PRESIGNED_EXPIRES_S = 604_800;

export interface Authenticated {
  accessKeyId: string;
  region: string;
  /** The service of the credential scope: s3, sagemaker, monitoring… */
  service: string;
  /** The payload, aws-chunked framing removed. */
  body: Buffer;
  /** Trailing headers of an aws-chunked body (e.g. x-amz-checksum-crc32). */
  trailers: Record<string, string>;
}

interface SignatureParts {
  accessKeyId: string;
  shortDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  longDate: string;
}

/** A request's payload read as it arrives (SigV4Verifier.payload). */
export interface PayloadReader {
  /** The payload bytes in the next piece of the body as sent (framing removed); throws AuthError on a bad chunk. */
  push(raw: Buffer): Buffer[];
  /** Once the body has ended: its trailing headers; rejects with AuthError when the body does not match its signature. */
  end(): Promise<Record<string, string>>;
}

/** A signature checked as far as the request's head allows (SigV4Verifier.begin). */
export interface SignatureCheck {
  parts: SignatureParts;
  signingKey: Uint8Array;
  /** The payload hash the head declares (S3); undefined: the body's own hash, known once it is read. */
  payloadHash?: string;
}

const QUERY_PARAMETERS_REQUIRED =
  "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.";

const EMPTY_SHA256 = sha256Hex("");
const HEX64 = /^[0-9a-f]{64}$/;
const STREAMING = new Set([
  "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
  "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
  "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
]);

/** Exposes smithy's protected canonicalisation; S3 signs the path as sent, other services double-encode it. */
class Canonicaliser extends SignatureV4Base {
  constructor(uriEscapePath: boolean) {
    super({
      service: "",
      region: "",
      credentials: { accessKeyId: "", secretAccessKey: "" },
      sha256: Sha256,
      uriEscapePath,
    });
  }

  stringToSign(req: Incoming, parts: SignatureParts, query: Query, payloadHash: string): Promise<string> {
    const headers: Record<string, string> = {};
    for (const name of parts.signedHeaders) headers[name] = req.headers[name] ?? "";
    const request = { method: req.method, path: req.rawPath, query, headers, protocol: "http:", hostname: "" };
    const canonical = getCanonicalHeaders(request, undefined, new Set(parts.signedHeaders));
    const scope = `${parts.shortDate}/${parts.region}/${parts.service}/aws4_request`;
    return this.createStringToSign(
      parts.longDate,
      scope,
      this.createCanonicalRequest(request, canonical, payloadHash),
      ALGORITHM_IDENTIFIER,
    );
  }
}

const canonicalisers = { s3: new Canonicaliser(false), other: new Canonicaliser(true) };

export class SigV4Verifier {
  private readonly secrets: Map<string, string>;

  /**
   * `clock` is the clock request times are checked against. Clients sign with their wall clock,
   * so the server passes the wall clock here even when its simulated clock is a ManualClock.
   */
  constructor(
    credentials: readonly Credentials[],
    private readonly clock: Clock,
  ) {
    this.secrets = new Map(credentials.map((c) => [c.accessKeyId, c.secretAccessKey]));
  }

  /**
   * Everything that can be checked from the request's head, before its body is read: the
   * signature's form, scope, time and key, the headers it must cover, and – when the payload
   * hash comes with the head (S3) – the signature itself, so an unsigned body is never held.
   * `service`: the credential-scope service the answering front end accepts (routing.ts SIGNING_SERVICE).
   */
  async begin(head: Incoming, service?: string): Promise<SignatureCheck> {
    const presigned = queryValue(head.query, "X-Amz-Algorithm") !== undefined;
    const parts = presigned ? this.fromQuery(head) : fromHeader(head);
    if (service !== undefined && parts.service !== service) {
      throw new AuthError("wrongService", `Credential should be scoped to correct service: '${service}'. `, {
        service: parts.service,
        expected: service,
      });
    }
    if (!presigned) this.checkSkew(parts.longDate, parts.service === "s3" ? MAX_SKEW_MS.s3 : MAX_SKEW_MS.other);
    requireSigned(head, parts);
    if (
      head.headers["x-amz-security-token"] !== undefined ||
      queryValue(head.query, "X-Amz-Security-Token") !== undefined
    )
      throw new AuthError("badToken");
    const secret = this.secrets.get(parts.accessKeyId);
    if (secret === undefined) throw new AuthError("unknownKey");
    const signingKey = await getSigningKey(
      Sha256,
      { accessKeyId: parts.accessKeyId, secretAccessKey: secret },
      parts.shortDate,
      parts.region,
      parts.service,
    );
    // Outside S3 the payload is always hashed (AWS signs JSON and query bodies; UNSIGNED-PAYLOAD is S3's).
    const declared =
      parts.service === "s3"
        ? (head.headers["x-amz-content-sha256"] ?? (presigned ? "UNSIGNED-PAYLOAD" : undefined))
        : undefined;
    const check: SignatureCheck = { parts, signingKey, payloadHash: declared };
    if (declared !== undefined) await checkSignature(head, check, declared);
    return check;
  }

  /** The rest, once the body is read into memory: as `payload`, over the whole body at once. */
  async finish(check: SignatureCheck, req: Incoming): Promise<Authenticated> {
    const reader = this.payload(check, req);
    const pieces = reader.push(req.body);
    const trailers = await reader.end();
    const { accessKeyId, region, service } = check.parts;
    return { accessKeyId, region, service, body: pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces), trailers };
  }

  /**
   * Reads a request's payload as it arrives: removes aws-chunked framing and checks each chunk's
   * signature as the chunk ends; at the end checks the body against its declared hash, or – when
   * the head carried none – the signature over the body's hash.
   */
  payload(check: SignatureCheck, head: Incoming): PayloadReader {
    const declared = check.payloadHash;
    if (declared === undefined || !STREAMING.has(declared)) {
      const bodyHash = declared === undefined || HEX64.test(declared) ? createHash("sha256") : undefined;
      return {
        push: (raw) => {
          bodyHash?.update(raw);
          return [raw];
        },
        end: async () => {
          const hash = bodyHash?.digest("hex");
          if (declared === undefined) await checkSignature(head, check, hash!);
          else if (hash !== undefined && hash !== declared) throw new AuthError("contentSha256Mismatch");
          return {};
        },
      };
    }
    let out: Buffer[] = [];
    const emit = (piece: Buffer) => void out.push(piece);
    const decoder = new AwsChunkedDecoder(
      declared.startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
        ? chunkSignatures(check, emit)
        : { data: emit, chunkEnd: () => {} },
    );
    const framing = (e: unknown): Error =>
      e instanceof ChunkFormatError
        ? new AuthError("malformed", `Invalid aws-chunked body: ${e.message}`)
        : e instanceof Error
          ? e
          : new Error(String(e));
    return {
      push: (raw) => {
        out = [];
        try {
          decoder.push(raw);
        } catch (e) {
          throw framing(e);
        }
        return out;
      },
      end: () => {
        try {
          return Promise.resolve(decoder.end());
        } catch (e) {
          return Promise.reject(framing(e));
        }
      },
    };
  }

  /** Header auth: the request time must be within `maxSkewMs` of now, either way (AWS's wordings). */
  private checkSkew(longDate: string, maxSkewMs: number): void {
    const time = parseAmzDate(longDate);
    const now = this.clock.now();
    if (Math.abs(now - time) <= maxSkewMs) return;
    const minutes = maxSkewMs / 60_000;
    const message =
      time < now
        ? `Signature expired: ${longDate} is now earlier than ${basicTime(now - maxSkewMs)} (${basicTime(now)} - ${minutes} min.)`
        : `Signature not yet current: ${longDate} is still later than ${basicTime(now + maxSkewMs)} (${basicTime(now)} + ${minutes} min.)`;
    throw new AuthError("skewed", message, {
      RequestTime: longDate,
      ServerTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"),
      MaxAllowedSkewMilliseconds: maxSkewMs,
    });
  }

  private fromQuery(req: Incoming): SignatureParts {
    const q = (name: string) => queryValue(req.query, name);
    const credential = q("X-Amz-Credential");
    const longDate = q("X-Amz-Date");
    const signedHeaders = q("X-Amz-SignedHeaders");
    const signature = q("X-Amz-Signature");
    const expiresParam = q("X-Amz-Expires");
    if (q("X-Amz-Algorithm") !== ALGORITHM_IDENTIFIER || !credential || !longDate || !signedHeaders || !signature) {
      throw new AuthError("malformed", QUERY_PARAMETERS_REQUIRED);
    }
    // Without X-Amz-Expires a URL would be valid for a week: AWS refuses it.
    if (expiresParam === undefined) throw new AuthError("badQueryParameters", QUERY_PARAMETERS_REQUIRED);
    if (!/^\d{1,9}$/.test(expiresParam)) throw new AuthError("badQueryParameters", "X-Amz-Expires should be a number");
    const expires = Number(expiresParam);
    if (expires > MAX_PRESIGNED_EXPIRES_S) {
      throw new AuthError(
        "badQueryParameters",
        `X-Amz-Expires must be less than a week (in seconds) that is, the given X-Amz-Expires must be less than ${MAX_PRESIGNED_EXPIRES_S} seconds`,
      );
    }
    const signedAt = parseAmzDate(longDate);
    const now = this.clock.now();
    if (signedAt + expires * 1000 < now) throw new AuthError("expired", "Request has expired");
    if (signedAt > now + MAX_SKEW_MS.s3) throw new AuthError("notYetValid", "Request is not valid yet");
    return {
      ...parseCredential(credential),
      longDate,
      signedHeaders: signedHeaders.split(";"),
      signature,
    };
  }
}

/** Each chunk signs the previous chunk's signature (the header's, for the first) and its own bytes. */
function chunkSignatures(check: SignatureCheck, emit: (piece: Buffer) => void): ChunkListener {
  const { parts, signingKey } = check;
  const scope = `${parts.shortDate}/${parts.region}/${parts.service}/aws4_request`;
  let previous = parts.signature;
  let hash = createHash("sha256");
  return {
    data: (piece) => {
      hash.update(piece);
      emit(piece);
    },
    chunkEnd: (signature) => {
      const toSign = [EVENT_ALGORITHM_IDENTIFIER, parts.longDate, scope, previous, EMPTY_SHA256, hash.digest("hex")];
      const expected = hmacHex(signingKey, toSign.join("\n"));
      if (!signature || !sameHex(expected, signature)) throw new AuthError("badSignature");
      previous = expected;
      hash = createHash("sha256");
    },
  };
}

async function checkSignature(req: Incoming, check: SignatureCheck, payloadHash: string): Promise<void> {
  const canonicaliser = check.parts.service === "s3" ? canonicalisers.s3 : canonicalisers.other;
  const expected = hmacHex(
    check.signingKey,
    await canonicaliser.stringToSign(req, check.parts, req.query, payloadHash),
  );
  if (!sameHex(expected, check.parts.signature)) throw new AuthError("badSignature");
}

/**
 * A signature must cover the host (else it could be replayed to any host) and, outside S3, the
 * X-Amz-Target that names the operation (else one call's signature could run another).
 */
function requireSigned(req: Incoming, parts: SignatureParts): void {
  const signed = new Set(parts.signedHeaders);
  // A signed header must be there to be signed: an absent one would be signed as empty by some and left out by others.
  if (parts.signedHeaders.some((name) => req.headers[name] === undefined)) throw new AuthError("badSignature");
  if (!signed.has("host"))
    throw new AuthError(
      "headersNotSigned",
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
      { HeadersNotSigned: "host" },
    );
  if (parts.service !== "s3" && req.headers["x-amz-target"] !== undefined && !signed.has("x-amz-target")) {
    throw new AuthError("headersNotSigned", "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.", {
      HeadersNotSigned: "x-amz-target",
    });
  }
}

const AUTHORIZATION_PARAMETERS = new Set(["Credential", "SignedHeaders", "Signature"]);
const AUTHORIZATION_ONCE =
  "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters, each once, in one Authorization header.";

function fromHeader(req: Incoming): SignatureParts {
  const auth = req.headers["authorization"];
  if (!auth) throw new AuthError("missing");
  const match = /^AWS4-HMAC-SHA256\s+(.*)$/.exec(auth);
  if (!match) throw new AuthError("malformed", "Authorization header requires the AWS4-HMAC-SHA256 algorithm.");
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const part of match[1]!.split(",")) {
    const eq = part.indexOf("=");
    const name = part.slice(0, eq).trim();
    // One header, each parameter once: a second Authorization header (joined with ",") is not a later one that wins.
    if (eq <= 0 || !AUTHORIZATION_PARAMETERS.has(name) || Object.hasOwn(fields, name))
      throw new AuthError("malformed", AUTHORIZATION_ONCE);
    fields[name] = part.slice(eq + 1).trim();
  }
  const longDate = req.headers["x-amz-date"];
  if (!fields.Credential || !fields.SignedHeaders || !fields.Signature || !longDate) {
    throw new AuthError(
      "malformed",
      "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters and an X-Amz-Date header.",
    );
  }
  return {
    ...parseCredential(fields.Credential),
    longDate,
    signedHeaders: fields.SignedHeaders.split(";"),
    signature: fields.Signature,
  };
}

function parseCredential(credential: string): Pick<SignatureParts, "accessKeyId" | "shortDate" | "region" | "service"> {
  const [accessKeyId, shortDate, region, service, terminator] = credential.split("/");
  if (!accessKeyId || !shortDate || !region || !service || terminator !== "aws4_request") {
    throw new AuthError("malformed", `Credential should be scoped to a valid region, not "${credential}".`);
  }
  return { accessKeyId, shortDate, region, service };
}

function parseAmzDate(longDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(longDate);
  const badDate = () =>
    new AuthError(
      "badDate",
      `Date must be in ISO-8601 'basic format'. Got '${longDate}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  if (!m) throw badDate();
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const time = Date.UTC(y!, mo! - 1, d, h, mi, s);
  // Reject what Date.UTC would silently roll over (month 13, 25:00…).
  if (basicTime(time) !== longDate) throw badDate();
  return time;
}

/** 20260101T120000Z */
function basicTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The credential scope of a request, read without verifying it (used to route unsigned-looking requests). */
export function credentialScopeService(req: Incoming): string | undefined {
  const credential =
    /Credential=([^,\s]+)/.exec(req.headers["authorization"] ?? "")?.[1] ?? queryValue(req.query, "X-Amz-Credential");
  return credential?.split("/")[3];
}
