/**
 * Task 4: delete everything the notebook created – the endpoint, the nine
 * endpoint configs, the nine models, the three alarms and the data-capture
 * objects – each confirmed by describing it afterwards. Only resources that
 * carry the project tag are touched; anything else with a matching name is
 * reported and left alone.
 */
import { DeleteEndpointConfigCommand, DeleteModelCommand, DescribeEndpointConfigCommand, DescribeModelCommand, ListTagsCommand } from "@aws-sdk/client-sagemaker";
import { DeleteObjectsCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { DataFrame } from "danfojs-node";
import { deleteAlarms, describeAlarms } from "./alarms";
import { isMissing } from "./data";
import type { Clients } from "./clients";
import { configName, modelName, PROJECT_TAG, SLOTS, type NotebookConfig, type Version } from "./config";
import { deleteEndpointAndWait } from "./deploy/endpoint";
import { isNotFound } from "./deploy/resources";
import { describeEndpoint } from "./deploy/watch";
import { log } from "./log";

const VERSIONS: readonly Version[] = ["v1", "v2", "shadow"];

export interface CleanupRow {
  type: string;
  expected: number;
  found: number;
  deleted: number;
  confirmedGone: number;
  notOwned: string[];
}

async function owned(clients: Clients, arn: string | undefined): Promise<boolean> {
  if (!arn) return false;
  const tags = await clients.sagemaker.send(new ListTagsCommand({ ResourceArn: arn }));
  return (tags.Tags ?? []).some((t) => t.Key === PROJECT_TAG.Key && t.Value === PROJECT_TAG.Value);
}

interface Kind {
  type: string;
  names: string[];
  arnOf(name: string): Promise<string | undefined>;
  remove(name: string): Promise<void>;
}

async function cleanKind(clients: Clients, kind: Kind): Promise<CleanupRow> {
  const row: CleanupRow = { type: kind.type, expected: kind.names.length, found: 0, deleted: 0, confirmedGone: 0, notOwned: [] };
  for (const name of kind.names) {
    const arn = await kind.arnOf(name);
    if (arn !== undefined) {
      row.found++;
      if (!(await owned(clients, arn))) {
        row.notOwned.push(name);
        log(`⚠️ ${kind.type} ${name} exists but does not carry the project tag: left alone.`);
        continue;
      }
      await kind.remove(name);
      row.deleted++;
    }
    if ((await kind.arnOf(name)) === undefined) {
      row.confirmedGone++;
      log(`🗑️ ${kind.type} ${name}: ${arn !== undefined ? "deleted" : "already absent"}, confirmed gone.`);
    }
  }
  return row;
}

async function arnOrUndefined(describe: () => Promise<string | undefined>): Promise<string | undefined> {
  try {
    return await describe();
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export async function cleanup(clients: Clients, config: NotebookConfig): Promise<{ rows: CleanupRow[]; table: DataFrame }> {
  const rows: CleanupRow[] = [];
  const sm = clients.sagemaker;

  const endpoint = await describeEndpoint(clients, config.endpointName);
  const endpointRow: CleanupRow = { type: "Endpoint", expected: 1, found: endpoint ? 1 : 0, deleted: 0, confirmedGone: 0, notOwned: [] };
  if (endpoint && !(await owned(clients, endpoint.EndpointArn))) {
    endpointRow.notOwned.push(config.endpointName);
  } else if (endpoint) {
    await deleteEndpointAndWait(clients, config.endpointName, config.profile.pollMs);
    endpointRow.deleted = 1;
  }
  if (!(await describeEndpoint(clients, config.endpointName))) {
    endpointRow.confirmedGone = 1;
    log(`🗑️ Endpoint ${config.endpointName}: confirmed gone.`);
  }
  rows.push(endpointRow);

  rows.push(
    await cleanKind(clients, {
      type: "EndpointConfig",
      names: VERSIONS.flatMap((v) => SLOTS.map((s) => configName(v, s))),
      arnOf: (name) => arnOrUndefined(async () => (await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name }))).EndpointConfigArn),
      remove: async (name) => void (await sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: name }))),
    }),
  );
  rows.push(
    await cleanKind(clients, {
      type: "Model",
      names: VERSIONS.flatMap((v) => SLOTS.map((s) => modelName(v, s))),
      arnOf: (name) => arnOrUndefined(async () => (await sm.send(new DescribeModelCommand({ ModelName: name }))).ModelArn),
      remove: async (name) => void (await sm.send(new DeleteModelCommand({ ModelName: name }))),
    }),
  );

  const alarms = await describeAlarms(clients, config);
  await deleteAlarms(clients, alarms.map((a) => a.AlarmName ?? ""));
  const remaining = await describeAlarms(clients, config);
  rows.push({ type: "CloudWatch alarm", expected: 3, found: alarms.length, deleted: alarms.length, confirmedGone: 3 - remaining.length, notOwned: [] });
  log(`🗑️ Alarms: ${alarms.length} deleted, ${remaining.length} remaining.`);

  rows.push(await deleteCaptures(clients, config));

  const table = new DataFrame(
    rows.map((r) => ({ type: r.type, expected: r.expected, found: r.found, deleted: r.deleted, "confirmed gone": r.confirmedGone, "left alone": r.notOwned.join(" ") })),
  );
  return { rows, table };
}

async function deleteCaptures(clients: Clients, config: NotebookConfig): Promise<CleanupRow> {
  const prefix = `${config.prefix}/data-capture/`;
  let found = 0;
  let token: string | undefined;
  const list = (request: { MaxKeys?: number; ContinuationToken?: string }) =>
    clients.s3.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: prefix, ...request })).catch((e: unknown) => {
      // No bucket (nothing was ever staged): nothing to delete.
      if (isMissing(e)) return { Contents: [], NextContinuationToken: undefined, KeyCount: 0 };
      throw e;
    });
  do {
    const page = await list({ ContinuationToken: token });
    const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key }));
    if (keys.length > 0) await clients.s3.send(new DeleteObjectsCommand({ Bucket: config.bucket, Delete: { Objects: keys, Quiet: true } }));
    found += keys.length;
    token = page.NextContinuationToken;
  } while (token);
  const left = await list({ MaxKeys: 1 });
  log(`🗑️ Data-capture objects: ${found} deleted.`);
  return { type: "Capture object", expected: found, found, deleted: found, confirmedGone: (left.KeyCount ?? 0) === 0 ? found : 0, notOwned: [] };
}
