import 'reflect-metadata';
import { apiConfigSchema, ConfigError, loadConfig } from '@roundtable/config';
import { createApiApp } from './app.setup';

async function main(): Promise<void> {
  const config = loadConfig(apiConfigSchema);
  const app = await createApiApp(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
