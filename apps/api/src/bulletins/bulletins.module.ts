import { Module } from '@nestjs/common';
import { BulletinFeedbackService } from './bulletin-feedback.service';
import { BulletinsController } from './bulletins.controller';
import { BulletinsService } from './bulletins.service';
import { PublicBulletinsController } from './public-bulletins.controller';

/** Legal-change bulletins: authoring, four-eyes review, versions, feed and timeline. */
@Module({ controllers: [BulletinsController, PublicBulletinsController], providers: [BulletinsService, BulletinFeedbackService] })
export class BulletinsModule {}
