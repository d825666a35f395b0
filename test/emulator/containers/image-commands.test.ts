/**
 * The image-to-command mapping as the emulator's configuration reads it: `--container
 * IMAGE=PROGRAM ARG…` and a JSON file of argv lists; anything else is refused with what is wrong.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseImageCommand, readImageCommandsFile } from "../../../src/emulator/containers/image-commands";

const IMAGE = "111122223333.dkr.ecr.us-east-1.amazonaws.com/my-server:1";
const dir = mkdtempSync(join(tmpdir(), "image-commands-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (content: string) => {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, content);
  return path;
};

describe("--container IMAGE=PROGRAM ARG…", () => {
  it("maps the image URI (up to the first =) to the program and its arguments, split at spaces", () => {
    expect(parseImageCommand(`${IMAGE}=/usr/bin/python3  examples/byoc/server.py --x=1`)).toEqual([
      IMAGE,
      { argv: ["/usr/bin/python3", "examples/byoc/server.py", "--x=1"] },
    ]);
  });

  it.each([
    ["no-equals", "write IMAGE=PROGRAM [ARGUMENTS…]."],
    ["=/usr/bin/python3", "write IMAGE=PROGRAM [ARGUMENTS…]."],
    [`${IMAGE}=`, "must be a non-empty list of non-empty strings"],
    ["my image=/bin/true", "is not an image URI"],
  ])("refuses %j", (option, problem) => {
    expect(() => parseImageCommand(option)).toThrow(problem);
  });
});

describe("--containers-file: a JSON object from image URIs to argv lists", () => {
  it("reads every mapping, each to run in the file's directory", () => {
    const path = file(JSON.stringify({ [IMAGE]: ["/usr/bin/python3", "server.py"], "other:2": ["/bin/serve-it"] }));
    expect(readImageCommandsFile(path)).toEqual(
      new Map([
        [IMAGE, { argv: ["/usr/bin/python3", "server.py"], cwd: dir }],
        ["other:2", { argv: ["/bin/serve-it"], cwd: dir }],
      ]),
    );
  });

  it.each([
    ["not json", "Unexpected token"],
    ["[]", "expected an object from image URIs to commands."],
    [JSON.stringify({ [IMAGE]: "/usr/bin/python3 server.py" }), "must be a non-empty list of non-empty strings"],
    [JSON.stringify({ [IMAGE]: [] }), "must be a non-empty list of non-empty strings"],
    [JSON.stringify({ [IMAGE]: ["/usr/bin/python3", 3] }), "must be a non-empty list of non-empty strings"],
  ])("refuses %s, naming the file", (content, problem) => {
    const path = file(content);
    expect(() => readImageCommandsFile(path)).toThrow(`${path}: `);
    expect(() => readImageCommandsFile(path)).toThrow(problem);
  });
});
