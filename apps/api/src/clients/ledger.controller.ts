import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth } from '@roundtable/auth';
import { DisclosureLedger, type Verification } from '@roundtable/consent';

@ApiTags('clients')
@Controller('ledger')
export class LedgerController {
  constructor(@Inject(DisclosureLedger) private readonly ledger: DisclosureLedger) {}

  /** Walks the disclosure ledger's hash chain; names the first row that was changed or removed. */
  @Get('verify')
  @Auth('network-admin')
  verify(): Promise<Verification> {
    return this.ledger.verify();
  }
}
