import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuthGuard, AuthModule } from '@roundtable/auth';
import type { ApiConfig } from '@roundtable/config';
import { DatabaseModule, JobQueueModule } from '@roundtable/database';
import { AdminModule } from './admin/admin.module';
import { API_CONFIG } from './api-config';
import { BulletinsModule } from './bulletins/bulletins.module';
import { ClientsModule } from './clients/clients.module';
import { ConferencesModule } from './conferences/conferences.module';
import { DirectoryModule } from './directory/directory.module';
import { HealthModule } from './health/health.module';
import { MembersModule } from './members/members.module';
import { RealtimeModule } from './realtime/realtime.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { ReferralsModule } from './referrals/referrals.module';
import { WebAppModule } from './web-app/web-app.module';

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          // Every route, in path-to-regexp 8's wildcard (nestjs-pino's default '*' draws a warning from Nest 11 at boot).
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.LOG_LEVEL,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            autoLogging: { ignore: (req) => req.url === '/api/health' || !req.url?.startsWith('/api') },
          },
        }),
        DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        AuthModule.forRoot({
          url: config.KEYCLOAK_URL,
          realm: config.KEYCLOAK_REALM,
          clientId: config.KEYCLOAK_API_CLIENT_ID,
          clientSecret: config.KEYCLOAK_API_CLIENT_SECRET,
          validation: config.KEYCLOAK_VALIDATION,
        }),
        JobQueueModule.forRoot({ connectionString: config.DATABASE_URL, supervise: false }),
        MembersModule,
        DirectoryModule,
        ClientsModule,
        ReferralsModule,
        BulletinsModule,
        ConferencesModule,
        SubscriptionsModule,
        RealtimeModule,
        HealthModule,
        WebAppModule,
        AdminModule,
      ],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [API_CONFIG],
    };
  }
}
