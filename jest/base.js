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
          jsx: 'react',
          types: ['node', 'jest']
        },
        isolatedModules: true
      }
    ],
    '^.+\\.py$': '<rootDir>/jest/text-transform.js'
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json', 'py'],
  moduleNameMapper: { '\\.(css|svg)$': '<rootDir>/jest/empty-module.js' }
};
