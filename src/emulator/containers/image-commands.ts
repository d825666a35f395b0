/**
 * Which image URIs run as a local process, and with which command: the emulator's own
 * configuration (a CLI option, a file read at start, or `startEmulator`'s option), never part of
 * an API request, so nobody who can only send requests can make the emulator run a program.
 *
 * A command is an argv list; SageMaker's `serve` argument is appended when it is started, as
 * `docker run <image> serve` does. A file's commands run in the file's directory, so the paths in
 * them are relative to it wherever the emulator is started (the notebook kernel's is its folder).
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** The program and arguments that serve an image, and where they run (default the emulator's working directory). */
export interface ImageCommand {
  argv: readonly string[];
  cwd?: string;
}

/** Image URI → the command that serves it. */
export type ImageCommands = ReadonlyMap<string, ImageCommand>;

/** A mapping that cannot be used: its message says what is wrong and where. */
export class ImageCommandError extends Error {}

const checkedCommand = (image: string, command: unknown, where: string): string[] => {
  if (!Array.isArray(command) || command.length === 0 || !command.every((a) => typeof a === "string" && a !== ""))
    throw new ImageCommandError(
      `${where}: the command for ${JSON.stringify(image)} must be a non-empty list of non-empty strings (program, then arguments).`,
    );
  return command as string[];
};

const checkedImage = (image: string, where: string): string => {
  if (image.trim() === "" || /\s/.test(image))
    throw new ImageCommandError(`${where}: ${JSON.stringify(image)} is not an image URI.`);
  return image;
};

/**
 * `IMAGE=PROGRAM ARG…` (the CLI's `--container`): the command is split at spaces, with no
 * quoting; a command whose arguments hold spaces goes in a file (`readImageCommandsFile`).
 */
export function parseImageCommand(option: string): [string, ImageCommand] {
  const at = option.indexOf("=");
  const where = `--container ${option}`;
  if (at <= 0) throw new ImageCommandError(`${where}: write IMAGE=PROGRAM [ARGUMENTS…].`);
  const image = checkedImage(option.slice(0, at), where);
  const argv = option
    .slice(at + 1)
    .split(" ")
    .filter(Boolean);
  return [image, { argv: checkedCommand(image, argv, where) }];
}

/** A JSON file `{ "<image URI>": ["program", "argument", …], … }`; its commands run in its directory. */
export function readImageCommandsFile(path: string): Map<string, ImageCommand> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new ImageCommandError(`${path}: ${(e as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new ImageCommandError(`${path}: expected an object from image URIs to commands.`);
  const cwd = dirname(resolve(path));
  return new Map(
    Object.entries(parsed).map(([image, command]) => [
      checkedImage(image, path),
      { argv: checkedCommand(image, command, path), cwd },
    ]),
  );
}

/** The command serving `image`, if the configuration maps it. */
export const commandFor = (commands: ImageCommands | undefined, image: string): ImageCommand | undefined =>
  commands?.get(image);
