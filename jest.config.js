// Unit tests: pure logic, next to the code in src/**/__tests__ (and scripts/__tests__).
const base = require('./jest/base');

module.exports = {
  ...base,
  rootDir: '.',
  testMatch: [
    '<rootDir>/src/**/__tests__/**/*.spec.ts?(x)',
    '<rootDir>/scripts/__tests__/*.spec.ts'
  ],
  // A few tests bundle or validate the whole pack: jest's 5 s default fails
  // them on a loaded machine (npm test runs two lanes), which says nothing.
  testTimeout: 30000
};
