// Types of build.mjs for the TypeScript tests that import it.
export function build(): string;
