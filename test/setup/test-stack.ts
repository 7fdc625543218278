/** Where the global setup put the shared test infrastructure; read by test files through the environment. */
export interface TestStackInfo {
  /** A database with all migrations applied; each test file copies it (CREATE DATABASE ... TEMPLATE). */
  templateDatabaseUrl: string;
  adminDatabaseUrl: string;
  keycloakUrl: string;
  realmKeysFile: string;
  smtpUrl: string;
  mailCatcherUrl: string;
}

export const TEST_STACK_ENV = 'ROUNDTABLE_TEST_STACK';

export function testStack(): TestStackInfo {
  const raw = process.env[TEST_STACK_ENV];
  if (!raw) throw new Error('The test stack is not running: run the tests through jest with test/jest.config.js.');
  return JSON.parse(raw);
}
