import { Module } from '@nestjs/common';
import { MySubscriptionController } from './my-subscription.controller';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsService } from './subscriptions.service';

/** Bulletin subscriptions by mail: for people without an account (public pages) and for members. */
@Module({ controllers: [SubscriptionsController, MySubscriptionController], providers: [SubscriptionsService], exports: [SubscriptionsService] })
export class SubscriptionsModule {}
