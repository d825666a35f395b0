// Types of build.mjs for the TypeScript tests that import it.
export const TEMPLATE_INCLUDES: string;
export function build(): string;
