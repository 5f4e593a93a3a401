// Unit tests: pure logic, next to the code in src/**/__tests__.
const base = require('./jest/base');

module.exports = {
  ...base,
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/__tests__/**/*.spec.ts?(x)']
};
