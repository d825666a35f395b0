import { join } from "node:path";
import ts from "typescript";

const INDEX = join(__dirname, "..", "src", "index.ts");

interface Export {
  name: string;
  /** The doc comment of the declaration it resolves to ("" when it has none). */
  doc: string;
  /** For a function: its parameters' types, in order. */
  parameterTypes: string[];
}

/** Every name src/index.ts exports, read with the compiler as tslab reads it. */
function exportsOfIndex(): Export[] {
  const program = ts.createProgram([INDEX], {
    strict: true,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(INDEX);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`cannot read ${INDEX}`);
  return checker.getExportsOfModule(moduleSymbol).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.valueDeclaration;
    const signature = declaration
      ? checker.getTypeOfSymbolAtLocation(symbol, declaration).getCallSignatures()[0]
      : undefined;
    return {
      name: exported.name,
      doc: ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim(),
      parameterTypes: (signature?.getParameters() ?? []).map((p) =>
        checker.typeToString(checker.getTypeOfSymbolAtLocation(p, INDEX_NODE(source))),
      ),
    };
  });
}

const INDEX_NODE = (source: ts.SourceFile): ts.Node => source;

describe("the notebook's API (src/index.ts)", () => {
  const exported = exportsOfIndex();

  it("documents every export, so tslab shows what it does on Shift+Tab", () => {
    expect(exported.filter((e) => e.doc === "").map((e) => e.name)).toEqual([]);
  });

  it("has every helper that takes the session take it first", () => {
    const later = exported.filter((e) => e.parameterTypes.slice(1).includes("Session")).map((e) => e.name);
    expect(later).toEqual([]);
  });

  it("has the helpers that send a request, and the tasks' tables of the session, take the session first", () => {
    for (const name of [
      "createBucket",
      "putObject",
      "createModel",
      "createEndpointConfig",
      "createEndpoint",
      "updateEndpoint",
      "putMetricAlarm",
      "deleteEndpoint",
      "deleteAlarms",
      "resourceNames",
    ]) {
      expect(exported.find((e) => e.name === name)?.parameterTypes[0], name).toBe("Session");
    }
  });
});
