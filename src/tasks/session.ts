/**
 * Task 0: configuration, clients, staged data and test payloads – the
 * session every later task takes. Rerunning it is harmless: clients are
 * reconnected, files already in S3 are not uploaded again.
 */
import type { Clients } from "../clients";
import { connect } from "../clients";
import { loadConfig, type NotebookConfig, type Target } from "../config";
import { loadPayloads, stageData, type Payloads, type StagedFile } from "../data";
import { log } from "../log";

export interface Session {
  config: NotebookConfig;
  clients: Clients;
  payloads: Payloads;
  staged: StagedFile[];
}

export async function setup(target?: Target): Promise<Session> {
  const config = loadConfig(target);
  const clients = await connect(config);
  log(`Target: ${config.target} (${clients.endpoint}), region ${config.region}, endpoint ${config.endpointName}`);
  const staged = await stageData(clients, config);
  for (const f of staged) log(`${f.action === "uploaded" ? "⬆️ uploaded" : "✔️ present "} ${f.uri}`);
  const payloads = await loadPayloads(clients, config);
  log(`Loaded ${payloads.rows.length} test payloads from S3.`);
  return { config, clients, payloads, staged };
}
