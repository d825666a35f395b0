/** Tag validation and AddTags / ListTags / DeleteTags on models, endpoint configs and endpoints. */
import type {
  AddTagsInput,
  AddTagsOutput,
  DeleteTagsInput,
  ListTagsInput,
  ListTagsOutput,
  Tag,
} from "@aws-sdk/client-sagemaker";
import type { Collection } from "../../store/collection";
import { arnOf, parseArn } from "./arns";
import { sageMakerErrors, sageMakerValidator, validationException, type ResourceKind } from "./errors";
import { RESOURCE_ARN, TAG_TEXT } from "./names";
import { keyOf, type SageMakerState } from "./state";
import type { Validator } from "../validation";

export function validateTags(v: Validator, path: string, tags: Tag[] | undefined): void {
  v.list<Tag>(path, tags, { max: 50 }, (p, tag) => {
    v.structure(p, tag);
    if (v.required(`${p}.key`, tag.Key)) v.string(`${p}.key`, tag.Key, { min: 1, max: 128, pattern: TAG_TEXT });
    if (v.required(`${p}.value`, tag.Value)) v.string(`${p}.value`, tag.Value, { max: 256, pattern: TAG_TEXT });
  });
}

interface Taggable {
  arn: string;
  tags: Tag[];
}

function resource(
  s: SageMakerState,
  arn: string | undefined,
  v: Validator,
): { record: Taggable; save: () => Promise<void> } {
  if (v.required("resourceArn", arn)) v.string("resourceArn", arn, { max: 256, pattern: RESOURCE_ARN });
  v.check();
  const parsed = parseArn(arn!);
  const collections: Record<ResourceKind, Collection<Taggable & { name: string }>> = {
    model: s.models,
    "endpoint-config": s.configs,
    endpoint: s.endpoints,
  };
  const kind = parsed?.kind as ResourceKind | undefined;
  const collection = kind && Object.hasOwn(collections, kind) ? collections[kind] : undefined;
  if (!kind || !collection) throw validationException(`Resource ${arn} does not support tagging.`); // inferred wording
  const record = collection.get(keyOf(parsed!.name));
  if (!record || arnOf(s.deps.region, kind, record.name) !== arn) throw sageMakerErrors.notFound(kind, arn!);
  return { record, save: () => collection.put(keyOf(record.name), record) };
}

export async function addTags(s: SageMakerState, input: AddTagsInput): Promise<AddTagsOutput> {
  const v = sageMakerValidator();
  if (v.required("tags", input.Tags)) validateTags(v, "tags", input.Tags);
  const { record, save } = resource(s, input.ResourceArn, v);
  const added = input.Tags!;
  record.tags = [...record.tags.filter((t) => !added.some((a) => a.Key === t.Key)), ...added];
  await save();
  return { Tags: added };
}

export function listTags(s: SageMakerState, input: ListTagsInput): ListTagsOutput {
  const v = sageMakerValidator();
  v.integer("maxResults", input.MaxResults, { min: 50, max: 100 });
  const { record } = resource(s, input.ResourceArn, v);
  const offset = input.NextToken === undefined ? 0 : Number(input.NextToken);
  if (!Number.isInteger(offset) || offset < 0) throw validationException("The NextToken provided is invalid."); // inferred wording
  const size = input.MaxResults ?? 50;
  const tags = record.tags.slice(offset, offset + size);
  return { Tags: tags, NextToken: offset + size < record.tags.length ? String(offset + size) : undefined };
}

export async function deleteTags(s: SageMakerState, input: DeleteTagsInput): Promise<void> {
  const v = sageMakerValidator();
  if (v.required("tagKeys", input.TagKeys)) {
    v.list<string>("tagKeys", input.TagKeys, { min: 1, max: 50 }, (p, key) =>
      v.string(p, key, { min: 1, max: 128, pattern: TAG_TEXT }),
    );
  }
  const { record, save } = resource(s, input.ResourceArn, v);
  record.tags = record.tags.filter((t) => !input.TagKeys!.includes(t.Key!));
  await save();
}
