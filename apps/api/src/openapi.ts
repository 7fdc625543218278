import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiConfigSchema, loadConfig } from '@roundtable/config';
import { AppModule } from './app.module';
import { openApiDocument } from './app.setup';

/**
 * Writes the OpenAPI document to apps/api/openapi.json (run from the Nest build, which applies the
 * swagger plugin): `npm run openapi`. With --check it fails when the committed file is out of date.
 * Preview mode builds the module graph without connecting to anything.
 */
async function main(): Promise<void> {
  const config = loadConfig(apiConfigSchema, {
    DATABASE_URL: 'postgres://preview@localhost/preview',
    KEYCLOAK_URL: 'http://localhost:8080',
    SMTP_URL: 'smtp://localhost:25',
    REFERRAL_LINK_SECRET: 'preview-only-not-a-secret-0123456789',
  });
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false });
  app.setGlobalPrefix('api');
  const document = `${JSON.stringify(openApiDocument(app), null, 2)}\n`;
  const file = join(process.cwd(), 'apps/api/openapi.json');
  if (process.argv.includes('--check')) {
    const committed = readFileSync(file, 'utf8');
    if (committed !== document) {
      console.error('apps/api/openapi.json is out of date: run "npm run openapi" and commit the result.');
      process.exit(1);
    }
    console.log('apps/api/openapi.json is up to date');
  } else {
    writeFileSync(file, document);
    console.log(`wrote ${file}`);
  }
  process.exit(0);
}

void main();
