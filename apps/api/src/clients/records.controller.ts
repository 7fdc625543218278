import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, AuthUser, CurrentUser } from '@roundtable/auth';
import type { DisclosureReport, ProcessingRegister } from '@roundtable/contracts';
import { RecordsService } from './records.service';

@ApiTags('clients')
@Controller()
export class RecordsController {
  constructor(private readonly records: RecordsService) {}

  /** Art. 15 GDPR: who received which of the client's data, when and on what basis. Owning organisation only. */
  @Get('clients/:id/disclosure-report')
  @Auth('integration-manager', 'caseworker', 'abh-liaison')
  report(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<DisclosureReport> {
    return this.records.disclosureReport(user, id);
  }

  /** Art. 30 GDPR: purposes, categories, recipients and retention of the platform. No client data. */
  @Get('records-of-processing')
  @Auth('network-admin')
  register(): Promise<ProcessingRegister> {
    return this.records.processingRegister();
  }
}
