import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { ReferralsController } from './referrals.controller';
import { ReferralsService } from './referrals.service';

/** Closed-loop referrals between organisations. */
@Module({
  imports: [ClientsModule],
  controllers: [ReferralsController],
  providers: [ReferralsService],
})
export class ReferralsModule {}
