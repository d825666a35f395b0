/**
 * Alarm tags: Tags on PutMetricAlarm / PutCompositeAlarm (kept when the alarm is created, ignored
 * on an update, as the API reference says), TagResource, UntagResource and ListTagsForResource by
 * alarm ARN. At most 50 tags an alarm; keys 1–128 characters, values 0–256 (the API model's
 * lengths). Tags live in the alarm's document, so they persist and go with it.
 */
import type {
  ListTagsForResourceCommandInput,
  Tag,
  TagResourceCommandInput,
  UntagResourceCommandInput,
} from "@aws-sdk/client-cloudwatch";
import { ServiceError } from "../../errors";
import { localAlarmName, parseAlarmArn } from "./alarm-arn";
import { cloudWatchValidator, cwErrors } from "./errors";
import { required } from "./inputs";
import type { CloudWatchState } from "./state";

const MAX_TAGS = 50;

// Wording inferred; the code and status are the API model's.
const resourceNotFound = (arn: string) =>
  new ServiceError("ResourceNotFoundException", `The resource ${arn} does not exist.`, 404);

/** Checks a Tags member (lengths, count, one value a key); the tags as given. */
export function tagsOf(input: { Tags?: Tag[] }): Tag[] {
  const tags = input.Tags ?? [];
  const v = cloudWatchValidator();
  v.list<Tag>("tags", tags, {}, (path, tag) => {
    if (v.required(`${path}.key`, tag.Key)) v.string(`${path}.key`, tag.Key, { min: 1, max: 128 });
    if (v.required(`${path}.value`, tag.Value)) v.string(`${path}.value`, tag.Value, { max: 256 });
  });
  v.check();
  if (tags.length > MAX_TAGS) throw tooMany();
  const keys = tags.map((t) => t.Key!);
  const repeated = keys.find((k, i) => keys.indexOf(k) !== i);
  if (repeated !== undefined) throw cwErrors.invalidParameterValue(`The tag key ${repeated} is given more than once.`); // wording inferred
  return tags.map(({ Key, Value }) => ({ Key, Value }));
}

const tooMany = () => cwErrors.invalidParameterValue(`An alarm can have at most ${MAX_TAGS} tags.`); // wording inferred

/** The alarm an ARN names: InvalidParameterValue for what is no alarm ARN, ResourceNotFoundException for no such alarm. */
function alarmOf(s: CloudWatchState, input: { ResourceARN?: string }) {
  const arn = required(input, "ResourceARN");
  const v = cloudWatchValidator();
  v.string("resourceARN", arn, { min: 1, max: 1024 });
  v.check();
  if (!parseAlarmArn(arn)) throw cwErrors.invalidParameterValue(`Invalid ARN: ${arn}. Only alarm ARNs can be tagged.`); // wording inferred
  const name = localAlarmName(s.region, arn);
  const found = name === undefined ? undefined : s.alarms.find(name);
  if (!found || found.record.definition.arn !== arn) throw resourceNotFound(arn);
  return { name: name!, tags: found.record.tags ?? [] };
}

/** TagResource and UntagResource answer an empty result (their output shapes have no members). */
export async function tagResource(s: CloudWatchState, input: TagResourceCommandInput): Promise<object> {
  if (input.Tags === undefined) throw cwErrors.missingParameter("Tags");
  const added = tagsOf(input);
  const { name, tags } = alarmOf(s, input);
  // A key already present takes the new value in its place; new keys come after.
  const merged = [
    ...tags.map((t) => added.find((a) => a.Key === t.Key) ?? t),
    ...added.filter((a) => !tags.some((t) => t.Key === a.Key)),
  ];
  if (merged.length > MAX_TAGS) throw tooMany();
  await s.alarms.setTags(name, merged);
  return {};
}

export async function untagResource(s: CloudWatchState, input: UntagResourceCommandInput): Promise<object> {
  if (input.TagKeys === undefined) throw cwErrors.missingParameter("TagKeys");
  const v = cloudWatchValidator();
  v.list<string>("tagKeys", input.TagKeys, {}, (path, key) => v.string(path, key, { min: 1, max: 128 }));
  v.check();
  const { name, tags } = alarmOf(s, input);
  // Keys the alarm does not have are skipped.
  await s.alarms.setTags(
    name,
    tags.filter((t) => !input.TagKeys!.includes(t.Key!)),
  );
  return {};
}

export function listTagsForResource(s: CloudWatchState, input: ListTagsForResourceCommandInput) {
  return { Tags: alarmOf(s, input).tags };
}
