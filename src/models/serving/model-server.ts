/**
 * What a built-in algorithm container does with one invocation, without the
 * HTTP around it: bytes + content type + accept in, status + content type +
 * body out. Bad payloads are answered (4XX with the container's message),
 * never thrown.
 */
export interface InvocationResult {
  status: number;
  contentType: string;
  body: string;
}

export interface ModelServer {
  invoke(body: Uint8Array, contentType: string, accept: string | undefined): InvocationResult;
}

/** A request the container refuses; `status` is the 4XX it answers with. */
export class PayloadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "PayloadError";
  }
}

/** Runs `handle`, turning a `PayloadError` into the container's error answer. */
export function answer(handle: () => InvocationResult): InvocationResult {
  try {
    return handle();
  } catch (err) {
    if (err instanceof PayloadError) return { status: err.status, contentType: "text/plain", body: err.message };
    throw err;
  }
}

/** A container whose model failed to load: every invocation gets a 500 with the load error. */
export function failingModelServer(message: string): ModelServer {
  return { invoke: () => ({ status: 500, contentType: "text/plain", body: message }) };
}
