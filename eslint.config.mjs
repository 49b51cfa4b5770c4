import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // The test harness's .mjs files (runners, e2e driver, UI checks) are linted like the TypeScript.
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'media/**', '**/*.js', '**/*.mjs', '!test/**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-restricted-imports': 'off',
    },
  },
  {
    // Node scripts; the UI checks also hand callbacks to page.evaluate, which run in the browser.
    files: ['test/**/*.mjs'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          ...['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal', 'fetch', 'structuredClone', 'queueMicrotask'],
          ...['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'],
          ...['window', 'document', 'getComputedStyle', 'HTMLElement', 'Element', 'Node', 'KeyboardEvent', 'MouseEvent', 'Event', 'navigator', 'requestAnimationFrame'],
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/language/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core and src/language never import vscode.' }] }],
    },
  },
);
