import { Module } from '@nestjs/common';
import { MembersModule } from '../members/members.module';
import { RealtimeGateway } from './realtime.gateway';

@Module({
  imports: [MembersModule],
  providers: [RealtimeGateway],
  exports: [RealtimeGateway],
})
export class RealtimeModule {}
