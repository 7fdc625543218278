import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { ReferralLinksController } from './referral-links.controller';
import { ReferralNotifier } from './referral-notifier';
import { ReferralsController } from './referrals.controller';
import { ReferralsService } from './referrals.service';

/** Closed-loop referrals between organisations. */
@Module({
  imports: [ClientsModule, RealtimeModule],
  controllers: [ReferralsController, ReferralLinksController],
  providers: [ReferralsService, ReferralNotifier],
})
export class ReferralsModule {}
