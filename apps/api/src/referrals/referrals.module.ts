import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ApiConfig } from '@roundtable/config';
import { JobQueue } from '@roundtable/database';
import { ReferralLinks, ReferralNotifications } from '@roundtable/referrals';
import { API_CONFIG } from '../api-config';
import { ClientsModule } from '../clients/clients.module';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { RealtimeModule } from '../realtime/realtime.module';
import { ReferralIndicators } from './referral-indicators';
import { ReferralLinksController } from './referral-links.controller';
import { ReferralsController } from './referrals.controller';
import { ReferralsService } from './referrals.service';

/** Closed-loop referrals between organisations. */
@Module({
  imports: [ClientsModule, RealtimeModule],
  controllers: [ReferralsController, ReferralLinksController],
  providers: [
    ReferralsService,
    ReferralIndicators,
    {
      provide: ReferralLinks,
      useFactory: (config: ApiConfig) => new ReferralLinks(config.REFERRAL_LINK_SECRET, config.REFERRAL_LINK_DAYS),
      inject: [API_CONFIG],
    },
    {
      provide: ReferralNotifications,
      useFactory: (db: DataSource, queue: JobQueue, gateway: RealtimeGateway, links: ReferralLinks, config: ApiConfig) =>
        new ReferralNotifications({
          db,
          queue,
          emit: (event) => gateway.referralChanged(event),
          publicUrl: config.PUBLIC_URL,
          links,
          linkDays: config.REFERRAL_LINK_DAYS,
        }),
      inject: [getDataSourceToken(), JobQueue, RealtimeGateway, ReferralLinks, API_CONFIG],
    },
  ],
  exports: [ReferralsService],
})
export class ReferralsModule {}
