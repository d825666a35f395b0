// `npm run lint`: typescript-eslint's type-checked rules over the TypeScript sources.
// Formatting is Prettier's (`prettier --check` in the same script), so no stylistic rules here.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "reports/", ".state/", ".jupyter-project/", ".venv-jupyter/", "data/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // src/ has its own project; test/'s project also covers bench/ and support/ (which have no tsconfig of their own).
      parserOptions: { project: ["./tsconfig.json", "./test/tsconfig.json"], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      // As tsc's noUnusedLocals: a leading underscore names what is left out on purpose (`{ a: _, ...rest }`).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // tslab (and its modules) is required lazily: it loads only inside a running tslab kernel's process tree.
      "@typescript-eslint/no-require-imports": ["error", { allow: ["^tslab($|/)"] }],
    },
  },
  // Node scripts and configs: no tsconfig compiles them, so they are linted without type information.
  {
    files: ["**/*.mjs", "**/*.mts"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
);
