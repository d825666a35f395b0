/**
 * Opens every service's state in the state directory and binds each to its wire protocol.
 * The only place that knows which service speaks which protocol.
 */
import { join } from "node:path";
import type { AuthErrorFamily } from "../auth/errors";
import type { Clock } from "../clock";
import type { ServiceError } from "../errors";
import type { Incoming, Reply } from "../http";
import { restXmlErrorReply } from "../protocols/restXml";
import type { ProtocolHandler } from "../protocols/types";
import type { ServiceKey } from "../routing";
import { ensureDir } from "../store/files";
import { s3Handler } from "./s3/api";
import { S3Store } from "./s3/store";

export interface ServiceBinding {
  handle: ProtocolHandler;
  authFamily: AuthErrorFamily;
  /** Writes an error raised before the handler ran (authentication) in this service's format. */
  errorReply(error: ServiceError, req: Incoming, requestId: string): Reply;
}

export interface Services {
  bindings: Record<ServiceKey, ServiceBinding>;
  close(): Promise<void>;
}

export interface ServicesOptions {
  stateDir: string;
  region: string;
  clock: Clock;
  provisioningDelayMs: number;
}

export async function openServices(options: ServicesOptions): Promise<Services> {
  await ensureDir(options.stateDir);
  const s3 = await S3Store.open(join(options.stateDir, "s3"), () => options.clock.now());
  const s3Binding: ServiceBinding = {
    handle: s3Handler(s3),
    authFamily: "s3",
    errorReply: (error, req, requestId) => restXmlErrorReply(error, requestId, req.method),
  };
  return {
    bindings: { s3: s3Binding, sagemaker: s3Binding, runtime: s3Binding, cloudwatchJson: s3Binding, cloudwatchQuery: s3Binding },
    close: async () => {},
  };
}
