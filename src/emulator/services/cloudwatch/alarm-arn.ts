/** Alarm ARNs: arn:{partition}:cloudwatch:{region}:{account}:alarm:{name}, the name as given. */
import { ACCOUNT_ID } from "../../config";
import { partitionOf } from "../../partition";

export function alarmArn(region: string, name: string): string {
  return `arn:${partitionOf(region)}:cloudwatch:${region}:${ACCOUNT_ID}:alarm:${name}`;
}

/** The alarm name an ARN of the alarm form names, whatever its partition, Region or account. */
export function parseAlarmArn(arn: string): { region: string; account: string; name: string } | undefined {
  const m = /^arn:aws[a-z-]*:cloudwatch:([a-z0-9-]*):(\d{12}):alarm:(.+)$/s.exec(arn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]! } : undefined;
}

/** The alarm an ARN of this emulator's Region and account names; undefined for any other ARN. */
export function localAlarmName(region: string, arn: string): string | undefined {
  const parsed = parseAlarmArn(arn);
  return parsed && alarmArn(region, parsed.name) === arn ? parsed.name : undefined;
}
