import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser, type AuthUser } from '@roundtable/auth';
import { CONVENOR_ROLES, type ConferenceView } from '@roundtable/contracts';
import { ConferenceQueryDto, CreateConferenceDto, RsvpDto, UpdateConferenceDto } from './conference.dto';
import { ConferencesService } from './conferences.service';
import { RoomHostService } from './room-host.service';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('conferences')
@Controller('conferences')
export class ConferencesController {
  constructor(
    private readonly conferences: ConferencesService,
    private readonly hosts: RoomHostService,
  ) {}

  @Post()
  @Auth(...CONVENOR_ROLES)
  @ApiOperation({ summary: 'Schedule a case conference (or a series); invitations go out by mail with an iCalendar part' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateConferenceDto): Promise<ConferenceView> {
    return this.conferences.create(user, dto);
  }

  @Get()
  @Auth()
  @ApiOperation({ summary: 'My conferences (convened, moderated or invited to) between two Berlin dates' })
  list(@CurrentUser() user: AuthUser, @Query() query: ConferenceQueryDto): Promise<ConferenceView[]> {
    return this.conferences.list(user, query);
  }

  @Get(':id')
  @Auth()
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ConferenceView> {
    return this.conferences.get(user, id);
  }

  @Get(':id/calendar.ics')
  @Auth()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiOperation({ summary: 'The conference for my calendar' })
  calendar(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<string> {
    return this.conferences.calendar(user, id);
  }

  @Patch(':id')
  @Auth(...CONVENOR_ROLES)
  @ApiOperation({ summary: 'Change time, place, moderator or invitees (convenor); everyone gets the update' })
  async update(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: UpdateConferenceDto): Promise<ConferenceView> {
    const view = await this.conferences.update(user, id, dto);
    await this.hosts.reload(id); // the moderator may have changed
    return view;
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Auth(...CONVENOR_ROLES)
  @ApiOperation({ summary: 'Cancel (convenor); everyone gets a cancellation' })
  async cancel(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ConferenceView> {
    const view = await this.conferences.cancel(user, id);
    await this.hosts.reload(id);
    return view;
  }

  @Put(':id/response')
  @Auth()
  @ApiOperation({ summary: 'Answer the invitation: yes, no or maybe' })
  respond(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: RsvpDto): Promise<ConferenceView> {
    return this.conferences.respond(user, id, dto.answer);
  }
}
