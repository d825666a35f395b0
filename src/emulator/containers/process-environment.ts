/**
 * The environment a local-process container starts with: the model's Environment (CreateModel),
 * the contract's SM_MODEL_DIR and SAGEMAKER_BIND_TO_PORT, and what a program needs to run at all
 * from the emulator's own environment.
 *
 * The model's Environment comes from an API request, and the command from the emulator's own
 * configuration; so the Environment may not change which program runs or what code it loads:
 * variables that do (the program search path, the dynamic loader's, interpreters' start-up and
 * module paths) are not passed from it. On SageMaker the image is the boundary; here the host is.
 */

/** From the emulator's environment: an interpreter named by the command is found and runs. */
const INHERITED = ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ"];

/** Names (and prefixes, ending in `*`) the model's Environment may not set for a local process. */
const NOT_FROM_MODEL = [
  "PATH",
  "HOME",
  "IFS",
  "ENV",
  "BASH_ENV",
  "SHELLOPTS",
  "LD_*",
  "DYLD_*",
  "PYTHON*",
  "NODE_OPTIONS",
  "NODE_PATH",
  "PERL5LIB",
  "PERL5OPT",
  "PERLLIB",
  "RUBYLIB",
  "RUBYOPT",
  "JAVA_TOOL_OPTIONS",
  "_JAVA_OPTIONS",
  "JDK_JAVA_OPTIONS",
  "CLASSPATH",
  "R_PROFILE",
  "R_PROFILE_USER",
  "R_LIBS",
  "R_LIBS_USER",
];

/** Whether the model's Environment may set `name` for a local process. */
export const passedFromModel = (name: string): boolean =>
  !NOT_FROM_MODEL.some((n) => (n.endsWith("*") ? name.startsWith(n.slice(0, -1)) : name === n));

export function processEnvironment(
  modelEnvironment: Readonly<Record<string, string>>,
  modelDir: string,
  port: number,
  own: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const inherited = INHERITED.flatMap((k) => (own[k] === undefined ? [] : [[k, own[k]]]));
  const fromModel = Object.entries(modelEnvironment).filter(([k]) => passedFromModel(k));
  return {
    ...(Object.fromEntries(inherited) as Record<string, string>),
    ...Object.fromEntries(fromModel),
    SM_MODEL_DIR: modelDir,
    SAGEMAKER_BIND_TO_PORT: String(port),
  };
}
