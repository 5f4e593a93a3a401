// ESLint (flat config): the extension template's rules, for TypeScript sources and tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

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
    // Browser tests reach JupyterLab's objects through `window`, untyped by nature.
    files: ['ui-tests/**/*.ts', 'src/**/__tests__/**', 'tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-console': 'off' }
  },
  {
    files: ['lab/**/*.js', 'scripts/**/*.js', 'bin/**/*.js', 'jest/**/*.js', '*.config.js'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-require-imports': 'off' }
  }
);
