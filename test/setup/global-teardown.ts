import { rmSync } from 'node:fs';
import type { RunningStack } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as Record<string, unknown>).__ROUNDTABLE_TEST_STACK__ as RunningStack | undefined;
  if (!stack) return;
  await stack.catcher.stop();
  stack.realmServer.closeAllConnections();
  await new Promise((resolve) => stack.realmServer.close(resolve));
  await stack.database.stop();
  rmSync(stack.dir, { recursive: true, force: true }); // the realm's keys of this run
}
