/**
 * The List* operations' shared filters, sort and pagination (NameContains, CreationTime and
 * LastModifiedTime bounds, StatusEquals, SortBy/SortOrder, MaxResults/NextToken).
 * Defaults as on AWS: newest first, 10 per page.
 */
import { sageMakerValidator, validationException } from "./errors";
import { NAME_CONTAINS, NAME_MAX } from "./names";

export interface ListInput {
  NameContains?: string;
  CreationTimeBefore?: Date;
  CreationTimeAfter?: Date;
  LastModifiedTimeBefore?: Date;
  LastModifiedTimeAfter?: Date;
  StatusEquals?: string;
  SortBy?: string;
  SortOrder?: string;
  MaxResults?: number;
  NextToken?: string;
}

export interface Listable {
  name: string;
  created: number;
  lastModified?: number;
  status?: string;
}

export interface ListOptions {
  sortBy: readonly ("Name" | "CreationTime" | "Status")[];
  statuses?: readonly string[];
}

export function listPage<T extends Listable>(
  items: Iterable<T>,
  input: ListInput,
  options: ListOptions,
): { page: T[]; nextToken?: string } {
  const v = sageMakerValidator();
  v.string("nameContains", input.NameContains, { max: NAME_MAX, pattern: NAME_CONTAINS });
  v.oneOf("sortBy", input.SortBy, options.sortBy);
  v.oneOf("sortOrder", input.SortOrder, ["Ascending", "Descending"]);
  v.integer("maxResults", input.MaxResults, { min: 1, max: 100 });
  v.string("nextToken", input.NextToken, { max: 8192 });
  if (options.statuses) v.oneOf("statusEquals", input.StatusEquals, options.statuses);
  v.check();

  const bounds: [Date | undefined, (t: T) => number | undefined, (a: number, b: number) => boolean][] = [
    [input.CreationTimeBefore, (t) => t.created, (a, b) => a < b],
    [input.CreationTimeAfter, (t) => t.created, (a, b) => a > b],
    [input.LastModifiedTimeBefore, (t) => t.lastModified, (a, b) => a < b],
    [input.LastModifiedTimeAfter, (t) => t.lastModified, (a, b) => a > b],
  ];
  const contains = input.NameContains?.toLowerCase();
  const filtered = [...items].filter(
    (item) =>
      (contains === undefined || item.name.toLowerCase().includes(contains)) &&
      (input.StatusEquals === undefined || item.status === input.StatusEquals) &&
      bounds.every(([bound, field, ok]) => {
        if (bound === undefined) return true;
        const value = field(item);
        return value !== undefined && ok(value, bound.getTime());
      }),
  );

  const sortBy = input.SortBy ?? "CreationTime";
  const key = (t: T): string | number =>
    sortBy === "Name" ? t.name : sortBy === "Status" ? (t.status ?? "") : t.created;
  const direction = (input.SortOrder ?? "Descending") === "Ascending" ? 1 : -1;
  filtered.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return (x < y ? -1 : x > y ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0) * direction;
  });

  const offset = input.NextToken === undefined ? 0 : decodeToken(input.NextToken);
  const size = input.MaxResults ?? 10;
  const page = filtered.slice(offset, offset + size);
  return { page, nextToken: offset + size < filtered.length ? encodeToken(offset + size) : undefined };
}

const encodeToken = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString("base64");

function decodeToken(token: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { offset?: unknown };
    if (typeof offset === "number" && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through
  }
  throw validationException("The NextToken provided is invalid."); // inferred wording
}
