// ESLint for the page (web/) and the test scripts (tests/): scripts/lint.sh runs it and CI
// requires zero findings. TypeScript gets typescript-eslint's type-checked recommended rules;
// the .mjs scripts get the same rules with type information, except the no-unsafe-* family,
// which is about `any` and would flag every value in untyped JavaScript.
// Paths are relative to the repository root: ../eslint.config.mjs re-exports this file.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['web/dist/**', '**/node_modules/**', 'tests/artifacts/**', 'build*/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.eslint.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
    },
  },
  {
    // TypeScript itself reports undefined names, with the right globals per file.
    files: ['**/*.ts'],
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['**/*.mjs', 'wasm-build/*.js', 'web/build/**/*.ts', 'web/vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Browser tests, the benchmark page and the link recorder pass functions to
    // page.evaluate(): those run in the page.
    files: ['tests/e2e/**/*.mjs', 'tests/bench/**/*.mjs', 'tests/fixtures/links/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['**/*.mjs', 'wasm-build/*.js'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The service worker is plain JavaScript outside every tsconfig: no type information.
    files: ['web/src/offline/service-worker.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { ...globals.serviceworker },
    },
  },
);
