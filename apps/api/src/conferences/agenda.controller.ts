import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser, type AuthUser } from '@roundtable/auth';
import type { AgendaItemView, AgendaPreview } from '@roundtable/contracts';
import { AgendaItemDto, AgendaOrderDto } from './agenda.dto';
import { AgendaService } from './agenda.service';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('conferences')
@Controller('conferences/:id/agenda')
export class AgendaController {
  constructor(private readonly agenda: AgendaService) {}

  @Get()
  @Auth()
  @ApiOperation({ summary: 'The agenda as I may see it: client data only as far as consent covers my organisation' })
  list(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<AgendaItemView[]> {
    return this.agenda.list(user, id);
  }

  @Post()
  @Auth()
  @ApiOperation({ summary: 'Add a case or a topic (convenor, moderator)' })
  add(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: AgendaItemDto): Promise<AgendaItemView[]> {
    return this.agenda.add(user, id, dto);
  }

  @Put('order')
  @Auth()
  @ApiOperation({ summary: 'Reorder the items (convenor, moderator)' })
  reorder(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: AgendaOrderDto): Promise<AgendaItemView[]> {
    return this.agenda.reorder(user, id, dto.itemIds);
  }

  @Delete(':itemId')
  @HttpCode(200)
  @Auth()
  remove(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('itemId', uuid) itemId: string): Promise<AgendaItemView[]> {
    return this.agenda.remove(user, id, itemId);
  }

  @Get('preview')
  @Auth()
  @ApiOperation({ summary: 'What each participating organisation will see of each item (convenor, moderator)' })
  preview(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<AgendaPreview[]> {
    return this.agenda.preview(user, id);
  }
}
