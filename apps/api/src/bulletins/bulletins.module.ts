import { Module } from '@nestjs/common';
import { BulletinsController } from './bulletins.controller';
import { BulletinsService } from './bulletins.service';

/** Legal-change bulletins: authoring, four-eyes review, versions, feed and timeline. */
@Module({ controllers: [BulletinsController], providers: [BulletinsService] })
export class BulletinsModule {}
