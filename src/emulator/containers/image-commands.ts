/**
 * Which image URIs run as a local process, and with which command: the emulator's own
 * configuration (a CLI option, a file read at start, or `startEmulator`'s option), never part of
 * an API request, so nobody who can only send requests can make the emulator run a program.
 *
 * A command is an argv list; SageMaker's `serve` argument is appended when it is started, as
 * `docker run <image> serve` does.
 */
import { readFileSync } from "node:fs";

/** Image URI → the command (program and arguments) that serves it. */
export type ImageCommands = ReadonlyMap<string, readonly string[]>;

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
export function parseImageCommand(option: string): [string, string[]] {
  const at = option.indexOf("=");
  const where = `--container ${option}`;
  if (at <= 0) throw new ImageCommandError(`${where}: write IMAGE=PROGRAM [ARGUMENTS…].`);
  const image = checkedImage(option.slice(0, at), where);
  return [
    image,
    checkedCommand(
      image,
      option
        .slice(at + 1)
        .split(" ")
        .filter(Boolean),
      where,
    ),
  ];
}

/** A JSON file `{ "<image URI>": ["program", "argument", …], … }`. */
export function readImageCommandsFile(path: string): Map<string, string[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new ImageCommandError(`${path}: ${(e as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new ImageCommandError(`${path}: expected an object from image URIs to commands.`);
  return new Map(
    Object.entries(parsed).map(([image, command]) => [checkedImage(image, path), checkedCommand(image, command, path)]),
  );
}

/** The command serving `image`, if the configuration maps it. */
export const commandFor = (commands: ImageCommands | undefined, image: string): readonly string[] | undefined =>
  commands?.get(image);
