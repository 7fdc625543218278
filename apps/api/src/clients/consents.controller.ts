import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Auth, AuthUser, CurrentUser } from '@roundtable/auth';
import type { ConsentView, WithdrawalNoticeView } from '@roundtable/contracts';
import { MAX_EVIDENCE_BYTES } from './consent-evidence-file';
import { ConsentsService } from './consents.service';
import { CreateConsentDto, CreateStatutoryDisclosureDto } from './dto/consent.dto';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('consents')
@Controller()
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  /**
   * Records the client's consent. JSON, or multipart/form-data with the consent as JSON in the field
   * `consent` and the scanned signed form (PDF, PNG or JPEG, at most 10 MB) in `evidence`.
   */
  @Post('clients/:id/consents')
  @Auth('integration-manager', 'caseworker', 'abh-liaison')
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: CreateConsentDto })
  @UseInterceptors(FileInterceptor('evidence', { limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1 } }))
  record(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) clientId: string,
    @Req() req: Request,
    @Body() body: Record<string, unknown>,
    @UploadedFile() file?: Express.Multer.File,
  ): Promise<ConsentView> {
    let plain: unknown = body;
    if (req.is('multipart/form-data')) {
      try {
        plain = JSON.parse(String(body.consent ?? ''));
      } catch {
        plain = { consent: 'the field "consent" must hold the consent as JSON' };
      }
    }
    return this.consents.recordConsent(user, clientId, plain, file);
  }

  /** Records a disclosure the law requires or allows (the second track): legal basis and justification. */
  @Post('clients/:id/statutory-disclosures')
  @Auth('abh-liaison')
  recordStatutory(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) clientId: string,
    @Body() body: CreateStatutoryDisclosureDto,
  ): Promise<ConsentView> {
    return this.consents.recordStatutory(user, clientId, body);
  }

  /** The client's consents and statutory disclosures (a grantee sees those naming it). */
  @Get('clients/:id/consents')
  @Auth('integration-manager', 'caseworker', 'abh-liaison', 'volunteer')
  list(@CurrentUser() user: AuthUser, @Param('id', uuid) clientId: string): Promise<ConsentView[]> {
    return this.consents.list(user, clientId);
  }

  /** Withdraws a consent or ends a statutory disclosure, effective at once. Any member of the owning organisation. */
  @Post('consents/:id/withdraw')
  @HttpCode(200)
  @Auth()
  withdraw(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ConsentView> {
    return this.consents.withdraw(user, id);
  }

  /** Withdrawn consents the caller's organisation received data under, unacknowledged first. */
  @Get('withdrawal-notices')
  @Auth()
  notices(@CurrentUser() user: AuthUser): Promise<WithdrawalNoticeView[]> {
    return this.consents.notices(user);
  }

  /** Confirms that the organisation has stopped using the data received under the withdrawn consent. */
  @Post('withdrawal-notices/:consentId/acknowledge')
  @HttpCode(200)
  @Auth('integration-manager', 'caseworker', 'abh-liaison')
  acknowledge(@CurrentUser() user: AuthUser, @Param('consentId', uuid) consentId: string): Promise<WithdrawalNoticeView> {
    return this.consents.acknowledge(user, consentId);
  }

  /** The stored signed form, with its SHA-256 in a header. Owning organisation only. */
  @Get('consents/:id/evidence')
  @Auth()
  async evidence(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Res({ passthrough: true }) res: Response) {
    const file = await this.consents.evidence(user, id);
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('X-Content-SHA256', file.sha256);
    res.setHeader('Content-Disposition', `attachment; filename="consent-${id}"`);
    return new StreamableFile(file.content);
  }
}
