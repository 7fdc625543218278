import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser, type AuthUser } from '@roundtable/auth';
import type { MemberSubscriptionView } from '@roundtable/contracts';
import { MemberSubscriptionDto } from './subscription.dto';
import { SubscriptionsService } from './subscriptions.service';

/** Members receive the bulletins by mail too, if they want: to their account's address. */
@ApiTags('bulletins')
@ApiBearerAuth()
@Controller('me/subscription')
export class MySubscriptionController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @Auth()
  @ApiOperation({ summary: 'My mail subscription to the bulletins' })
  get(@CurrentUser() user: AuthUser): Promise<MemberSubscriptionView> {
    return this.subscriptions.memberSubscription(user);
  }

  @Put()
  @Auth()
  @ApiOperation({ summary: 'Subscribe, or change the subscription (language, audiences, "in force today" reminders)' })
  save(@CurrentUser() user: AuthUser, @Body() dto: MemberSubscriptionDto): Promise<MemberSubscriptionView> {
    return this.subscriptions.subscribeMember(user, dto);
  }

  @Delete()
  @HttpCode(200)
  @Auth()
  @ApiOperation({ summary: 'Unsubscribe' })
  remove(@CurrentUser() user: AuthUser): Promise<MemberSubscriptionView> {
    return this.subscriptions.unsubscribeMember(user);
  }
}
