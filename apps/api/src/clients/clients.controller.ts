import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Auth, AuthUser, CurrentUser } from '@roundtable/auth';
import type { ClientView, Page } from '@roundtable/contracts';
import { ClientsService } from './clients.service';
import { CreateClientDto, UpdateClientDto } from './dto/client-data.dto';
import { OwnClientsQueryDto, PurposeQueryDto, SharedClientsQueryDto } from './dto/client-query.dto';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('clients')
@Controller('clients')
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  /** Registers a client of the caller's organisation; the organisation owns the record. */
  @Post()
  @Auth('integration-manager', 'caseworker', 'abh-liaison')
  create(@CurrentUser() user: AuthUser, @Body() body: CreateClientDto): Promise<ClientView> {
    return this.clients.create(user, body);
  }

  /** The caller's organisation's clients, searchable by name or pseudonym. */
  @Get()
  @Auth('integration-manager', 'caseworker', 'abh-liaison', 'volunteer')
  listOwn(@CurrentUser() user: AuthUser, @Query() query: OwnClientsQueryDto): Promise<Page<ClientView>> {
    return this.clients.listOwn(user, query);
  }

  /** Other organisations' clients shared with the caller's organisation for a purpose: only the covered categories. */
  @Get('shared')
  @Auth('integration-manager', 'caseworker', 'abh-liaison', 'volunteer')
  listShared(@CurrentUser() user: AuthUser, @Query() query: SharedClientsQueryDto): Promise<Page<ClientView>> {
    return this.clients.listShared(user, query);
  }

  /** One client; categories the caller may not see are absent. Another organisation's client needs ?purpose=. */
  @Get(':id')
  @Auth('integration-manager', 'caseworker', 'abh-liaison', 'volunteer')
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: PurposeQueryDto): Promise<ClientView> {
    return this.clients.get(user, id, query.purpose);
  }

  /** A copy of what the caller may see, to keep outside Roundtable; recorded in the ledger as an export. */
  @Get(':id/export')
  @Auth('integration-manager', 'caseworker', 'abh-liaison')
  async export(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Query() query: PurposeQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClientView> {
    const view = await this.clients.get(user, id, query.purpose, 'export');
    res.setHeader('Content-Disposition', `attachment; filename="${view.pseudonym}.json"`);
    return view;
  }

  /** Replaces the categories sent; only the owning organisation. */
  @Patch(':id')
  @Auth('integration-manager', 'caseworker', 'abh-liaison')
  update(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: UpdateClientDto): Promise<ClientView> {
    return this.clients.update(user, id, body);
  }
}
