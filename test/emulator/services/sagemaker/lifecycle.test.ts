/**
 * The endpoint lifecycle's moves, as a table: every pair of AWS's statuses is either a move the
 * emulator makes (the status and LastModifiedTime change) or refused as a bug (the record stays
 * as it was). Which statuses accept UpdateEndpoint and DeleteEndpoint, with AWS's errors.
 */
import type { EndpointStatus } from "@aws-sdk/client-sagemaker";
import {
  checkNotInProgress,
  checkUpdatable,
  ENDPOINT_STATUSES,
  moveTo,
  type LifecycleStatus,
} from "../../../../src/emulator/services/sagemaker/lifecycle";
import type { EndpointRecord } from "../../../../src/emulator/services/sagemaker/records";

const ALLOWED: readonly [EndpointStatus, LifecycleStatus][] = [
  ["Creating", "InService"],
  ["Creating", "Failed"],
  ["InService", "Updating"],
  ["InService", "Failed"],
  ["InService", "Deleting"],
  ["Updating", "RollingBack"],
  ["Updating", "InService"],
  ["Updating", "Failed"],
  ["RollingBack", "InService"],
  ["RollingBack", "Failed"],
  ["Failed", "Deleting"],
];

const PRODUCED: readonly LifecycleStatus[] = ["Creating", "InService", "Updating", "RollingBack", "Failed", "Deleting"];
const isAllowed = (from: EndpointStatus, to: EndpointStatus) => ALLOWED.some(([f, t]) => f === from && t === to);
const REFUSED = ENDPOINT_STATUSES.flatMap((from) =>
  PRODUCED.filter((to) => !isAllowed(from, to)).map((to): [EndpointStatus, LifecycleStatus] => [from, to]),
);

const ARN = "arn:aws:sagemaker:us-east-1:000000000000:endpoint/e";

function endpoint(status: EndpointStatus): EndpointRecord {
  const config = {
    name: "c",
    arn: "arn:c",
    created: 0,
    spec: { EndpointConfigName: "c", ProductionVariants: [] },
    tags: [],
  };
  return { name: "e", arn: ARN, status, created: 0, lastModified: 0, tags: [], config, models: {} };
}

describe("endpoint lifecycle", () => {
  it.each(ALLOWED)("moves %s → %s", (from, to) => {
    const record = endpoint(from);
    moveTo(record, to, 5, { failureReason: "why" });
    expect(record).toMatchObject({ status: to, lastModified: 5, failureReason: "why" });
  });

  it.each(REFUSED)("refuses %s → %s as a bug, changing nothing", (from, to) => {
    const record = endpoint(from);
    expect(() => moveTo(record, to, 5, { failureReason: "why" })).toThrow(
      `Endpoint e cannot move from ${from} to ${to}.`,
    );
    expect(record).toEqual(endpoint(from));
  });

  it("lists every pair of statuses once, allowed or refused", () => {
    expect(ALLOWED.length + REFUSED.length).toBe(ENDPOINT_STATUSES.length * PRODUCED.length);
  });

  const busy = `Cannot update in-progress endpoint "${ARN}".`;
  it.each<[EndpointStatus, string | undefined, string | undefined]>([
    // status, UpdateEndpoint's error, DeleteEndpoint's error
    ["InService", undefined, undefined],
    [
      "Failed",
      `Cannot update endpoint "${ARN}" in status Failed: an endpoint in that status can only be deleted.`,
      undefined,
    ],
    [
      "OutOfService",
      `Cannot update endpoint "${ARN}" in status OutOfService: an endpoint in that status can only be deleted.`,
      undefined,
    ],
    ["Creating", busy, busy],
    ["Updating", busy, busy],
    ["SystemUpdating", busy, busy],
    ["RollingBack", busy, busy],
    ["Deleting", busy, busy],
  ])("%s: update refused with %j, deletion with %j", (status, updateError, deleteError) => {
    const outcome = (check: (r: EndpointRecord) => void) => {
      try {
        check(endpoint(status));
        return undefined;
      } catch (e) {
        expect(e).toMatchObject({ code: "ValidationException" });
        return (e as Error).message;
      }
    };
    expect(outcome(checkUpdatable)).toBe(updateError);
    expect(outcome(checkNotInProgress)).toBe(deleteError);
  });
});
