import { Module } from '@nestjs/common';
import { MemberMirror } from '@roundtable/auth';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';

@Module({
  controllers: [MembersController],
  providers: [MembersService, { provide: MemberMirror, useExisting: MembersService }],
  exports: [MembersService, MemberMirror],
})
export class MembersModule {}
