/** Structured request logs: one JSON object per request, quiet unless a logger is given. */
export interface RequestLog {
  requestId: string;
  service: string;
  operation: string;
  resource?: string;
  status: number;
  /** "ok" or the AWS error code. */
  outcome: string;
  latencyMs: number;
}

export interface Logger {
  request(entry: RequestLog): void;
  info(message: string, fields?: Record<string, unknown>): void;
}

/** What a log line says of a caught error: its message. */
export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const silentLogger: Logger = { request: () => {}, info: () => {} };

/** JSON lines on a stream (stderr for the CLI's --verbose). Never given secrets to print. */
export function jsonLogger(out: NodeJS.WritableStream = process.stderr): Logger {
  const write = (record: Record<string, unknown>) =>
    out.write(`${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`);
  return {
    request: (entry) => write({ msg: "request", ...entry }),
    info: (message, fields) => write({ msg: message, ...fields }),
  };
}
