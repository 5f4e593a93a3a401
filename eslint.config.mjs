// ESLint (flat config): the extension template's rules, for TypeScript sources and tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import jupyter from '@jupyter/eslint-plugin';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'lib/',
      'build/',
      'dist/',
      'coverage/',
      'jupyterlab_mltutor/labextension/',
      'lab/static/',
      'lab/build/',
      'lab/templates/',
      'workspace/',
      '**/*.d.ts',
      'tests/fixtures/'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  // JupyterLab's own rules (command ids, describedBy, translations, signals)
  // for the extension's sources; the CLI and tests are not lab code.
  ...jupyter.configs.recommended
    .filter(config => !config.files || config.files.includes('**/*.ts'))
    .map(config => ({
      ...config,
      ...(config.files ? { files: ['src/**/*.ts', 'src/**/*.tsx'] } : {}),
      ignores: ['src/cli/**', 'src/**/__tests__/**']
    })),
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/cli/**', 'src/**/__tests__/**'],
    rules: {
      'jupyter/command-described-by': 'error',
      // The plugins need their modules at activation (the panel, the tracker):
      // the bundled exercises are the lazy part (src/catalog/bundled.ts).
      'jupyter/prefer-lazy-imports': 'off'
    }
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/naming-convention': [
        'error',
        {
          selector: 'interface',
          format: ['PascalCase'],
          custom: { regex: '^I[A-Z]', match: true }
        }
      ],
      '@typescript-eslint/no-unused-vars': ['warn', { args: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-use-before-define': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      curly: ['error', 'all'],
      eqeqeq: 'error',
      'prefer-arrow-callback': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }]
    }
  },
  {
    // Tests may print what they measured or saw.
    files: ['ui-tests/**/*.ts', 'src/**/__tests__/**', 'tests/**/*.ts'],
    rules: { 'no-console': 'off' }
  },
  {
    files: [
      'lab/**/*.js',
      'scripts/**/*.js',
      'bin/**/*.js',
      'jest/**/*.js',
      '*.config.js'
    ],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-require-imports': 'off'
    }
  }
);
