import { apiConfigSchema, ConfigError, loadConfig, workerConfigSchema } from './config';

const valid = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/roundtable',
  KEYCLOAK_URL: 'http://localhost:8080',
  SMTP_URL: 'smtp://localhost:1025',
  REFERRAL_LINK_SECRET: 'x'.repeat(32),
};

describe('loadConfig', () => {
  it('fills defaults for what is optional', () => {
    const config = loadConfig(apiConfigSchema, valid);
    expect(config).toMatchObject({ PORT: 3000, KEYCLOAK_REALM: 'roundtable', KEYCLOAK_VALIDATION: 'offline', LOG_LEVEL: 'info' });
  });

  it('names every missing or malformed variable', () => {
    expect(() => loadConfig(apiConfigSchema, { KEYCLOAK_URL: 'not a url', PORT: '99999' })).toThrow(ConfigError);
    try {
      loadConfig(apiConfigSchema, { KEYCLOAK_URL: 'not a url', PORT: '99999' });
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toMatch(/DATABASE_URL is required/);
      expect(message).toMatch(/KEYCLOAK_URL must be a URL/);
      expect(message).toMatch(/SMTP_URL is required/);
      expect(message).toMatch(/PORT/);
    }
  });

  it('treats empty variables as unset', () => {
    expect(() => loadConfig(apiConfigSchema, { ...valid, DATABASE_URL: '' })).toThrow(/DATABASE_URL is required/);
  });

  it('needs the client secret for online validation', () => {
    expect(() => loadConfig(apiConfigSchema, { ...valid, KEYCLOAK_VALIDATION: 'online' })).toThrow(/KEYCLOAK_API_CLIENT_SECRET is required/);
    expect(loadConfig(apiConfigSchema, { ...valid, KEYCLOAK_VALIDATION: 'online', KEYCLOAK_API_CLIENT_SECRET: 's' }).KEYCLOAK_VALIDATION).toBe('online');
  });

  it('gives the worker its own, smaller set', () => {
    expect(loadConfig(workerConfigSchema, { DATABASE_URL: valid.DATABASE_URL, SMTP_URL: valid.SMTP_URL }).MAIL_BATCH_SIZE).toBe(20);
  });
});
