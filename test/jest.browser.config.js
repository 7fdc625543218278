/** `npm run test:browser`: the web workspace in Debian's Chromium, driven by playwright-core. */
const shared = require('./jest.shared');

module.exports = {
  ...shared,
  testMatch: ['<rootDir>/test/browser/**/*.e2e-spec.ts'],
  testTimeout: 90_000,
  maxWorkers: 1,
};
