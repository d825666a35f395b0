/**
 * Task 4's deletions, each sent from a cell: DeleteEndpoint, DeleteEndpointConfig,
 * DeleteModel, DeleteAlarms and DeleteObjects for the data capture. Each is
 * idempotent (already absent is fine), touches only resources that carry the
 * project tag – anything else with a matching name is reported and left
 * alone – and is confirmed by describing the resource afterwards. Every call
 * returns a row for the recap table.
 */
import { DeleteAlarmsCommand, type DeleteAlarmsCommandInput } from "@aws-sdk/client-cloudwatch";
import {
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  type DeleteEndpointCommandInput,
  type DeleteEndpointConfigCommandInput,
  type DeleteModelCommandInput,
} from "@aws-sdk/client-sagemaker";
import {
  DeleteObjectsCommand,
  ListObjectsV2Command,
  type DeleteObjectsCommandInput,
  type ListObjectsV2CommandInput,
} from "@aws-sdk/client-s3";
import { DataFrame } from "danfojs-node";
import { describeAlarmsOfBothTypes } from "../aws/alarms";
import { deleteEndpointAndWait } from "../aws/deploy/endpoint";
import { describeOrUndefined, ownedByProject } from "../aws/deploy/resources";
import { describeEndpoint } from "../aws/deploy/watch";
import { isMissing, withNextStep } from "../aws/errors";
import { log } from "../view/live/log";
import { showRequest } from "../view/live/request";
import type { Session } from "../aws/session";

/**
 * One deletion's recap row: how many were expected, found, deleted and confirmed gone, and what was
 * left alone (not the project's).
 */
export interface CleanupRow {
  type: string;
  expected: number;
  found: number;
  deleted: number;
  confirmedGone: number;
  notOwned: string[];
}

interface Deletable {
  type: string;
  name: string;
  arn(): Promise<string | undefined>;
  remove(): Promise<unknown>;
}

async function deleteOwned(session: Session, d: Deletable): Promise<CleanupRow> {
  const row: CleanupRow = { type: d.type, expected: 1, found: 0, deleted: 0, confirmedGone: 0, notOwned: [] };
  const arn = await d.arn();
  if (arn !== undefined) {
    row.found = 1;
    if (!(await ownedByProject(session.clients, arn))) {
      row.notOwned.push(d.name);
      log(`⚠️ ${d.type} ${d.name} exists but does not carry the project tag: left alone.`);
      return row;
    }
    await d.remove();
    row.deleted = 1;
  }
  if ((await d.arn()) === undefined) {
    row.confirmedGone = 1;
    log(`🗑️ ${d.type} ${d.name}: ${arn !== undefined ? "deleted" : "already absent"}, confirmed gone.`);
  }
  return row;
}

/**
 * Sends a cell's DeleteEndpoint – only if the endpoint carries the project tag – and waits until it is
 * gone; returns the recap row.
 */
export function deleteEndpoint(session: Session, input: DeleteEndpointCommandInput): Promise<CleanupRow> {
  showRequest("DeleteEndpoint", input);
  const name = input.EndpointName ?? "";
  return withNextStep(session, () =>
    deleteOwned(session, {
      type: "Endpoint",
      name,
      arn: async () => (await describeEndpoint(session.clients, name))?.EndpointArn,
      remove: () => deleteEndpointAndWait(session.clients, name, session.config.profile.pollMs),
    }),
  );
}

/**
 * Sends a cell's DeleteEndpointConfig – only if the config carries the project tag – and confirms it
 * is gone; returns the recap row.
 */
export function deleteEndpointConfig(session: Session, input: DeleteEndpointConfigCommandInput): Promise<CleanupRow> {
  showRequest("DeleteEndpointConfig", input);
  const sm = session.clients.sagemaker;
  const name = input.EndpointConfigName ?? "";
  return withNextStep(session, () =>
    deleteOwned(session, {
      type: "EndpointConfig",
      name,
      arn: async () =>
        (await describeOrUndefined(() => sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name }))))
          ?.EndpointConfigArn,
      remove: () => sm.send(new DeleteEndpointConfigCommand(input)),
    }),
  );
}

/**
 * Sends a cell's DeleteModel – only if the model carries the project tag – and confirms it is gone;
 * returns the recap row.
 */
export function deleteModel(session: Session, input: DeleteModelCommandInput): Promise<CleanupRow> {
  showRequest("DeleteModel", input);
  const sm = session.clients.sagemaker;
  const name = input.ModelName ?? "";
  return withNextStep(session, () =>
    deleteOwned(session, {
      type: "Model",
      name,
      arn: async () =>
        (await describeOrUndefined(() => sm.send(new DescribeModelCommand({ ModelName: name }))))?.ModelArn,
      remove: () => sm.send(new DeleteModelCommand(input)),
    }),
  );
}

/**
 * Alarms carry no tags here: the names are the project's own (TestAlarm-…-<endpoint>). Composite alarms go first,
 * one DeleteAlarms each: CloudWatch refuses to delete an alarm a composite still names, and more than one composite
 * alarm in a call.
 */
export function deleteAlarms(session: Session, input: DeleteAlarmsCommandInput): Promise<CleanupRow> {
  showRequest("DeleteAlarms", input);
  const names = input.AlarmNames ?? [];
  const cloudwatch = session.clients.cloudwatch;
  const remove = (AlarmNames: string[]) => cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames }));
  return withNextStep(session, async () => {
    const { composite, metric } = await describeAlarmsOfBothTypes(session, names);
    for (const a of composite) await remove([a.AlarmName ?? ""]);
    if (metric.length > 0) await remove(metric.map((a) => a.AlarmName ?? ""));
    const remaining = await describeAlarmsOfBothTypes(session, names);
    const found = composite.length + metric.length;
    const left = remaining.composite.length + remaining.metric.length;
    log(`🗑️ Alarms: ${found} deleted (${composite.length} composite), ${left} remaining.`);
    return {
      type: "CloudWatch alarm",
      expected: names.length,
      found,
      deleted: found,
      confirmedGone: names.length - left,
      notOwned: [],
    };
  });
}

/** Lists the objects under a prefix and deletes them with DeleteObjects, page by page (a missing bucket holds nothing). */
export function deleteObjectsUnder(session: Session, listing: ListObjectsV2CommandInput): Promise<CleanupRow> {
  const s3 = session.clients.s3;
  const list = (extra: Partial<ListObjectsV2CommandInput>) =>
    s3.send(new ListObjectsV2Command({ ...listing, ...extra })).catch((e: unknown) => {
      if (isMissing(e)) return { Contents: [], NextContinuationToken: undefined, KeyCount: 0 };
      throw e;
    });
  return withNextStep(session, async () => {
    let found = 0;
    let token: string | undefined;
    do {
      const page = await list({ ContinuationToken: token });
      const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key }));
      if (keys.length > 0) {
        const request: DeleteObjectsCommandInput = { Bucket: listing.Bucket, Delete: { Objects: keys, Quiet: true } };
        showRequest("DeleteObjects", {
          ...request,
          Delete: { Objects: `<${keys.length} keys under ${listing.Prefix ?? ""}>`, Quiet: true },
        });
        await s3.send(new DeleteObjectsCommand(request));
      }
      found += keys.length;
      token = page.NextContinuationToken;
    } while (token);
    const left = await list({ MaxKeys: 1 });
    log(`🗑️ Objects under s3://${listing.Bucket ?? ""}/${listing.Prefix ?? ""}: ${found} deleted.`);
    return {
      type: "S3 object",
      expected: found,
      found,
      deleted: found,
      confirmedGone: (left.KeyCount ?? 0) === 0 ? found : 0,
      notOwned: [],
    };
  });
}

/** One row per resource type: how many were expected, found, deleted and confirmed gone, and what was left alone. */
export function cleanupTable(rows: readonly CleanupRow[]): DataFrame {
  const types = [...new Set(rows.map((r) => r.type))];
  return new DataFrame(
    types.map((type) => {
      const of = rows.filter((r) => r.type === type);
      const sum = (key: "expected" | "found" | "deleted" | "confirmedGone"): number =>
        of.reduce((n, r) => n + r[key], 0);
      return {
        type,
        expected: sum("expected"),
        found: sum("found"),
        deleted: sum("deleted"),
        "confirmed gone": sum("confirmedGone"),
        "left alone": of.flatMap((r) => r.notOwned).join(" "),
      };
    }),
  );
}

/** The cleanup in one line: how many resources were deleted and confirmed gone, and any left alone. */
export function cleanupText(rows: readonly CleanupRow[]): string {
  const sum = (key: "expected" | "deleted" | "confirmedGone"): number => rows.reduce((n, r) => n + r[key], 0);
  const left = rows.flatMap((r) => r.notOwned);
  return (
    `🧹 Cleanup: ${sum("deleted")} deleted, ${sum("confirmedGone")} of ${sum("expected")} confirmed gone` +
    (left.length > 0 ? `; left alone (not ours): ${left.join(", ")}` : ".")
  );
}
