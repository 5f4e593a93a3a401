// Integration tests: a real Jupyter server and a real ipykernel, driven from Node.
const base = require('./jest/base');

module.exports = {
  ...base,
  rootDir: '.',
  testMatch: ['<rootDir>/tests/integration/**/*.spec.ts'],
  testTimeout: 120000,
  maxWorkers: 1
};
