import { z } from 'zod';

/**
 * Runtime configuration, read from the environment once at start and validated here,
 * so a missing or malformed variable stops the process with a message naming it.
 */
const url = (example: string) =>
  z.string({ error: `is required (for example ${example})` }).url({ error: `must be a URL (for example ${example})` });

const databaseSchema = z.object({
  DATABASE_URL: url('postgres://roundtable:secret@localhost:5432/roundtable'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
});

const mailSchema = z.object({
  SMTP_URL: url('smtp://user:pass@mail.example.org:587'),
  MAIL_FROM: z.string().min(3).default('Roundtable <roundtable@localhost>'),
});

const logSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: z.stringbool().default(false),
});

const keycloakSchema = z.object({
  KEYCLOAK_URL: url('https://id.example.org'),
  KEYCLOAK_REALM: z.string().min(1).default('roundtable'),
  KEYCLOAK_API_CLIENT_ID: z.string().min(1).default('roundtable-api'),
  KEYCLOAK_API_CLIENT_SECRET: z.string().min(1).optional(),
  KEYCLOAK_WEB_CLIENT_ID: z.string().min(1).default('roundtable-web'),
  /** offline: verify signatures with the realm's published keys; online: ask the realm (token introspection). */
  KEYCLOAK_VALIDATION: z.enum(['offline', 'online']).default('offline'),
});

export const apiConfigSchema = databaseSchema
  .extend(mailSchema.shape)
  .extend(logSchema.shape)
  .extend(keycloakSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    PUBLIC_URL: url('https://roundtable.example.org').default('http://localhost:3000'),
    WEB_DIST: z.string().default('dist/apps/web'),
    /** Signs the single-use accept/decline links in referral mails; at least 32 characters, kept secret. */
    REFERRAL_LINK_SECRET: z.string({ error: 'is required (at least 32 random characters)' }).min(32, { error: 'must be at least 32 characters' }),
    REFERRAL_LINK_DAYS: z.coerce.number().int().min(1).max(30).default(7),
  })
  .superRefine((c, ctx) => {
    if (c.KEYCLOAK_VALIDATION === 'online' && !c.KEYCLOAK_API_CLIENT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['KEYCLOAK_API_CLIENT_SECRET'],
        message: 'is required when KEYCLOAK_VALIDATION=online (the api client authenticates to the introspection endpoint)',
      });
    }
  });

export const workerConfigSchema = databaseSchema.extend(mailSchema.shape).extend(logSchema.shape).extend({
  MAIL_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  QUEUE_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
  PUBLIC_URL: url('https://roundtable.example.org').default('http://localhost:3000'),
  /** A referral with no activity for this many days expires. */
  REFERRAL_EXPIRY_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** At most this many bulletin mails a minute across all workers (0: no limit), for providers with sending limits. */
  MAIL_RATE_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(0),
  /** A bulletin's dispatch pauses after this many failed sends in a row (and tells its author). */
  MAIL_PAUSE_AFTER_FAILURES: z.coerce.number().int().min(1).max(10_000).default(25),
  /** Bulletin mail retries wait this long, doubling per attempt (at most an hour). */
  MAIL_RETRY_BASE_SECONDS: z.coerce.number().min(0.1).max(600).default(5),
  /** Action items are reminded this many days before they fall due. */
  ACTION_REMINDER_DAYS: z.coerce.number().int().min(0).max(30).default(2),
  /** A bulletin mail claimed by a worker that has gone silent for this long is taken over by another worker. */
  MAIL_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(120),
  /**
   * When the worker looks for reminders to send (cron, Europe/Berlin): provisions taking effect today ("in force
   * today") and conference action items falling due. Each goes out once, so running it often during the day only
   * catches up after downtime.
   */
  REMINDER_CRON: z.string().min(9).default('*/15 7-20 * * *'),
  /** When the worker looks for expired and overdue referrals (cron, Europe/Berlin). */
  REFERRAL_SWEEP_CRON: z.string().min(9).default('*/5 * * * *'),
});

export type ApiConfig = z.infer<typeof apiConfigSchema>;
export type WorkerConfig = z.infer<typeof workerConfigSchema>;

export class ConfigError extends Error {}

/** Parses the environment; throws a ConfigError whose message lists every bad variable. */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(environment)'} ${issue.message}`);
  throw new ConfigError(`Configuration error; fix these environment variables and start again:\n${lines.join('\n')}`);
}
