// Shared jest settings: TypeScript through ts-jest (CommonJS for Node), .py files as text.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.tsx?$': [
      'ts-jest',
      {
        tsconfig: {
          module: 'commonjs',
          esModuleInterop: true,
          isolatedModules: true,
          jsx: 'react',
          types: ['node', 'jest']
        }
      }
    ],
    '^.+\\.py$': '<rootDir>/jest/text-transform.js'
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json', 'py'],
  moduleNameMapper: { '\\.(css|svg)$': '<rootDir>/jest/empty-module.js' },
  // Build outputs carry copies of package.json and sources: keep them out of the module map.
  modulePathIgnorePatterns: [
    '<rootDir>/jupyterlab_mltutor/labextension',
    '<rootDir>/build',
    '<rootDir>/lib',
    '<rootDir>/lab/static'
  ]
};
