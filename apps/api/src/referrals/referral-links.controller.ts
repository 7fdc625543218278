import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HttpException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public, type AuthUser } from '@roundtable/auth';
import type { Role } from '@roundtable/contracts';
import { Member } from '@roundtable/database';
import { confirmPage, resultPage } from '../web-app/public-pages';
import { ReferralLinks } from '@roundtable/referrals';
import { ReferralsService } from './referrals.service';

class LinkFormDto {
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

const MESSAGES = {
  de: {
    malformed: 'Dieser Link ist ungültig.',
    signature: 'Dieser Link ist ungültig.',
    expired: 'Dieser Link ist abgelaufen. Öffnen Sie die Überleitung in Roundtable.',
    used: 'Dieser Link wurde bereits benutzt. Öffnen Sie die Überleitung in Roundtable.',
    member: 'Ihr Konto gehört nicht mehr zur empfangenden Organisation.',
    accepted: 'Sie haben die Überleitung angenommen.',
    declined: 'Sie haben die Überleitung abgelehnt. Die sendende Organisation sieht Ihre Begründung.',
    reason: 'Bitte geben Sie eine Begründung an.',
  },
  en: {
    malformed: 'This link is not valid.',
    signature: 'This link is not valid.',
    expired: 'This link has expired. Open the referral in Roundtable.',
    used: 'This link has been used already. Open the referral in Roundtable.',
    member: 'Your account no longer belongs to the receiving organisation.',
    accepted: 'You accepted the referral.',
    declined: 'You declined the referral. The sending organisation sees your reason.',
    reason: 'Please give a reason.',
  },
};

/**
 * The accept / decline links in referral mails. Opening a link shows a page; only its form acts, so mail
 * scanners that fetch links change nothing. Each link works once and expires.
 */
@ApiExcludeController()
@Controller('referral-links')
export class ReferralLinksController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly referrals: ReferralsService,
    private readonly links: ReferralLinks,
  ) {}

  private async resolve(token: string) {
    const check = this.links.check(token);
    if (!check.ok) return { error: check.problem, status: check.problem === 'expired' ? 410 : 400, lang: 'de' as const };
    const member = await this.db.getRepository(Member).findOneBy({ id: check.claims.m });
    const lang = member?.language === 'en' ? ('en' as const) : ('de' as const);
    const [used] = await this.db.query('SELECT 1 FROM referral_link_use WHERE jti = $1', [check.claims.jti]);
    if (used) return { error: 'used' as const, status: 410, lang };
    if (!member) return { error: 'member' as const, status: 403, lang };
    const user: AuthUser = {
      memberId: member.id,
      organisationId: member.organisationId,
      subject: member.subject,
      username: member.username,
      displayName: member.displayName,
      email: member.email,
      org: member.orgSlug,
      roles: member.roles as Role[],
      locale: member.language,
      sessionId: null,
      expiresAt: new Date(check.claims.exp * 1000),
    };
    return { claims: check.claims, user, lang };
  }

  @Get(':token')
  @Public()
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const r = await this.resolve(token);
    if ('error' in r) {
      res.status(r.status ?? 400).type('html').send(resultPage(r.lang, false, MESSAGES[r.lang][r.error as keyof (typeof MESSAGES)['de']]));
      return;
    }
    try {
      const view = await this.referrals.get(r.user, r.claims.r);
      const summary = [`${view.from.organisation.name} → ${view.to.organisation.name}`, view.serviceCategory, view.urgency + (view.deadline ? ` (${view.deadline})` : ''), view.client?.pseudonym ?? ''].filter(Boolean);
      res.type('html').send(confirmPage(r.lang, r.claims.a, summary, `/referrals/${r.claims.r}`));
    } catch (err) {
      const status = err instanceof HttpException ? err.getStatus() : 500;
      res.status(status).type('html').send(resultPage(r.lang, false, MESSAGES[r.lang].member));
    }
  }

  @Post(':token')
  @HttpCode(200)
  @Public()
  async use(@Param('token') token: string, @Body() body: LinkFormDto, @Res() res: Response): Promise<void> {
    const r = await this.resolve(token);
    if ('error' in r) {
      res.status(r.status ?? 400).type('html').send(resultPage(r.lang, false, MESSAGES[r.lang][r.error as keyof (typeof MESSAGES)['de']]));
      return;
    }
    if (r.claims.a === 'decline' && !body.reason?.trim()) {
      res.status(400).type('html').send(resultPage(r.lang, false, MESSAGES[r.lang].reason));
      return;
    }
    const [consumed] = await this.db.query('INSERT INTO referral_link_use (jti) VALUES ($1) ON CONFLICT DO NOTHING RETURNING jti', [r.claims.jti]);
    if (!consumed) {
      res.status(410).type('html').send(resultPage(r.lang, false, MESSAGES[r.lang].used));
      return;
    }
    try {
      await this.referrals.act(r.user, r.claims.r, { action: r.claims.a, reason: body.reason, note: r.lang === 'de' ? 'über den Link in der E-Mail' : 'through the link in the mail' });
      res.type('html').send(resultPage(r.lang, true, MESSAGES[r.lang][r.claims.a === 'accept' ? 'accepted' : 'declined'], `/referrals/${r.claims.r}`));
    } catch (err) {
      const status = err instanceof HttpException ? err.getStatus() : 500;
      const message = err instanceof HttpException ? String((err.getResponse() as { message?: string }).message ?? err.message) : 'error';
      res.status(status).type('html').send(resultPage(r.lang, false, message, `/referrals/${r.claims.r}`));
    }
  }
}
