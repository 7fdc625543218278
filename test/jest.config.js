/** `npm test`: unit tests beside the code, and the API, socket and mail suites against the real parts. */
const shared = require('./jest.shared');

module.exports = {
  ...shared,
  testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
  maxWorkers: 2,
};
