import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const SRC = join(__dirname, "..", "src");

/**
 * The layer of a file under src/: its top folder (aws, view, tasks, report,
 * emulator, models), with view/live apart – the cell output (log lines, live
 * status, the request shown) that the AWS-facing helpers write as they work.
 */
function layerOf(file: string): string {
  const [top, sub] = relative(SRC, file).split("/");
  if (top === "view" && sub === "live") return "view/live";
  return top?.replace(/\.ts$/, "") ?? "";
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Every import between layers of the notebook side, as "from → to" with the files that make it. */
function crossings(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const from = layerOf(file);
    if (from === "emulator" || from === "models") continue;
    for (const [, spec] of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"(\.\.?\/[^"]*)"/g)) {
      const to = layerOf(resolve(dirname(file), spec ?? ""));
      if (to === from) continue;
      const key = `${from} → ${to}`;
      found.set(key, [...(found.get(key) ?? []), relative(SRC, file)]);
    }
  }
  return found;
}

describe("the notebook side's layers", () => {
  const allowed = new Set([
    "index → aws",
    "index → view",
    "index → view/live",
    "index → tasks",
    "tasks → aws",
    "tasks → view",
    "tasks → view/live",
    "aws → view/live",
    "view/live → view",
    // Through the emulator's public entry only: Task 0 starts it.
    "aws → emulator",
    "report → aws",
    "report → emulator",
  ]);

  it("import one way: tasks → view and aws; aws → only the view's live output; the view → nothing AWS-facing", () => {
    const against = [...crossings()]
      .filter(([key]) => !allowed.has(key))
      .map(([key, files]) => `${key}: ${files.join(", ")}`);
    expect(against).toEqual([]);
  });

  it("reach the emulator only through its public entry (src/emulator/index.ts), and the emulator imports nothing of theirs", () => {
    const against: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const from = layerOf(file);
      for (const [, spec] of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"(\.\.?\/[^"]*)"/g)) {
        const target = resolve(dirname(file), spec ?? "");
        const to = layerOf(target);
        const entry = relative(SRC, target) === "emulator" || relative(SRC, target) === "emulator/index";
        if (from !== "emulator" && to === "emulator" && !entry)
          against.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
        if (from === "emulator" && !["emulator", "models"].includes(to))
          against.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
      }
    }
    expect(against).toEqual([]);
  });

  it("keep the view's live output a leaf: it imports only the HTML escaping", () => {
    const live = sourceFiles(join(SRC, "view", "live")).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/from\s*"(\.\.?\/[^"]*)"/g)].map(([, spec]) =>
        relative(SRC, resolve(dirname(file), spec ?? "")),
      ),
    );
    expect(live.filter((target) => !target.startsWith("view/live/") && target !== "view/html")).toEqual([]);
  });
});

/** The file an import names, as a path under src/ ("x" → x.ts or x/index.ts); undefined for a package. */
function importedFile(file: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = resolve(dirname(file), spec);
  return [`${base}.ts`, join(base, "index.ts"), base].find(
    (candidate) => candidate.endsWith(".ts") && existsSync(candidate),
  );
}

/** Every file under src/ with the files it imports (type-only imports included: they tie modules as much). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const specs = [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map(
      ([, spec]) => spec ?? "",
    );
    graph.set(
      relative(SRC, file),
      specs.flatMap((spec) => importedFile(file, spec) ?? []).map((target) => relative(SRC, target)),
    );
  }
  return graph;
}

/** The import circles: strongly connected groups of more than one file (Tarjan), each listed sorted. */
function importCircles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1 || (graph.get(file) ?? []).includes(file)) circles.push(group.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return circles;
}

describe("every module under src/", () => {
  it("imports without circles: no file reaches itself through its imports", () => {
    expect(importCircles(importGraph())).toEqual([]);
  });
});

describe("the emulator's wire protocols", () => {
  it("are generic: nothing in protocols/ imports a service", () => {
    const against = [...importGraph()]
      .filter(([file]) => file.startsWith("emulator/protocols/"))
      .flatMap(([file, targets]) =>
        targets.filter((t) => t.startsWith("emulator/services/")).map((t) => `${file} → ${t}`),
      );
    expect(against).toEqual([]);
  });

  it("leave each REST binding in its service's folder, as services/<service>/http.ts", () => {
    const bindings = sourceFiles(SRC)
      .filter((file) => /:\s*RestService\s*=/.test(readFileSync(file, "utf8")))
      .map((file) => relative(SRC, file));
    expect(bindings.length).toBeGreaterThan(0);
    expect(bindings.filter((file) => !/^emulator\/services\/[^/]+\/http\.ts$/.test(file))).toEqual([]);
  });
});
