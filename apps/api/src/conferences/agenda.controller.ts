import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser, type AuthUser } from '@roundtable/auth';
import type { ActionReview, AgendaItemView, AgendaPreview, ReferralView } from '@roundtable/contracts';
import { ActionReferralDto, AgendaItemDto, AgendaOrderDto } from './agenda.dto';
import { AgendaService } from './agenda.service';
import { ConferenceGateway } from './conference.gateway';
import { RoomHostService } from './room-host.service';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('conferences')
@Controller('conferences/:id')
export class AgendaController {
  constructor(
    private readonly agenda: AgendaService,
    private readonly room: ConferenceGateway,
    private readonly hosts: RoomHostService,
  ) {}

  /** After a change, whoever is in the live room gets the new agenda (as they may see it). */
  private async pushed(conferenceId: string, items: AgendaItemView[]): Promise<AgendaItemView[]> {
    await this.room.pushAgenda(conferenceId);
    return items;
  }

  @Get('agenda')
  @Auth()
  @ApiOperation({ summary: 'The agenda as I may see it: client data only as far as consent covers my organisation' })
  list(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<AgendaItemView[]> {
    return this.agenda.list(user, id);
  }

  @Post('agenda')
  @Auth()
  @ApiOperation({ summary: 'Add a case or a topic (convenor, moderator)' })
  async add(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: AgendaItemDto): Promise<AgendaItemView[]> {
    return this.pushed(id, await this.agenda.add(user, id, dto));
  }

  @Put('agenda/order')
  @Auth()
  @ApiOperation({ summary: 'Reorder the items (convenor, moderator)' })
  async reorder(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: AgendaOrderDto): Promise<AgendaItemView[]> {
    return this.pushed(id, await this.agenda.reorder(user, id, dto.itemIds));
  }

  @Delete('agenda/:itemId')
  @HttpCode(200)
  @Auth()
  async remove(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('itemId', uuid) itemId: string): Promise<AgendaItemView[]> {
    const items = await this.agenda.remove(user, id, itemId);
    await this.hosts.reload(id); // the room may have been on that item, or had hands up on it
    return this.pushed(id, items);
  }

  @Get('agenda/preview')
  @Auth()
  @ApiOperation({ summary: 'What each participating organisation will see of each item (convenor, moderator)' })
  preview(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<AgendaPreview[]> {
    return this.agenda.preview(user, id);
  }

  @Get('review')
  @Auth()
  @ApiOperation({ summary: 'Review of previous actions: the series\' previous meeting\'s open action items and their referrals' })
  review(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ActionReview> {
    return this.agenda.review(user, id);
  }

  @Post('action-items/:actionId/done')
  @HttpCode(200)
  @Auth()
  @ApiOperation({ summary: 'Mark an action item done (owner organisation, convenor, moderator)' })
  async done(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('actionId', uuid) actionId: string): Promise<AgendaItemView[]> {
    await this.agenda.complete(user, id, actionId);
    return this.pushed(id, await this.agenda.list(user, id));
  }

  @Post('action-items/:actionId/referral')
  @Auth('integration-manager', 'caseworker', 'abh-liaison')
  @ApiOperation({ summary: 'Hand an action item on as a referral to its owner organisation' })
  async refer(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('actionId', uuid) actionId: string, @Body() dto: ActionReferralDto): Promise<ReferralView> {
    const referral = await this.agenda.toReferral(user, id, actionId, dto);
    await this.room.pushAgenda(id);
    return referral;
  }

  @Post('minutes/send')
  @HttpCode(200)
  @Auth()
  @ApiOperation({ summary: 'Mail the minutes to every participant, each as they may see them (convenor, moderator; once, after the end)' })
  sendMinutes(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<{ sent: number }> {
    return this.agenda.sendMinutes(user, id);
  }
}
