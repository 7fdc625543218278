import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, AuthUser, CurrentUser } from '@roundtable/auth';
import type { Page, ReferralEventView, ReferralIndicator, ReferralMessageView, ReferralView } from '@roundtable/contracts';
import { ReferralIndicators } from './referral-indicators';
import { CreateReferralDto, ReferralActionDto, ReferralMessageDto, ReferralQueryDto } from './dto/referral.dto';
import { ReferralsService } from './referrals.service';

const uuid = new ParseUUIDPipe({ version: '4' });
const STAFF = ['integration-manager', 'caseworker', 'abh-liaison'] as const;

@ApiTags('referrals')
@Controller('referrals')
export class ReferralsController {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly indicators: ReferralIndicators,
  ) {}

  /** Network indicators: per organisation pair and service, counts by state and outcome, median times. */
  @Get('indicators')
  @Auth()
  network(): Promise<ReferralIndicator[]> {
    return this.indicators.all();
  }

  /** Creates a referral to another organisation, as a draft or sent at once (`send: true`). */
  @Post()
  @Auth(...STAFF)
  create(@CurrentUser() user: AuthUser, @Body() body: CreateReferralDto): Promise<ReferralView> {
    return this.referrals.create(user, body);
  }

  /** The organisation's inbox or outbox, filtered by state, urgency, overdue and service; deadline first. */
  @Get()
  @Auth(...STAFF)
  list(@CurrentUser() user: AuthUser, @Query() query: ReferralQueryDto): Promise<Page<ReferralView>> {
    return this.referrals.list(user, query);
  }

  @Get(':id')
  @Auth(...STAFF)
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ReferralView> {
    return this.referrals.get(user, id);
  }

  /** Moves the referral (send, accept, decline, start, hold, complete, fail, withdraw); 409 names what is allowed. */
  @Post(':id/actions')
  @HttpCode(200)
  @Auth(...STAFF)
  act(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: ReferralActionDto): Promise<ReferralView> {
    return this.referrals.act(user, id, body);
  }

  /** Every change of state: who, which organisation, when, from, to, note. */
  @Get(':id/history')
  @Auth(...STAFF)
  history(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ReferralEventView[]> {
    return this.referrals.history(user, id);
  }

  @Get(':id/messages')
  @Auth(...STAFF)
  messages(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ReferralMessageView[]> {
    return this.referrals.messages(user, id);
  }

  @Post(':id/messages')
  @Auth(...STAFF)
  post(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: ReferralMessageDto): Promise<ReferralMessageView> {
    return this.referrals.postMessage(user, id, body.body);
  }
}
