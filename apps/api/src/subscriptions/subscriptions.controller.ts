import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { BadRequestException } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@roundtable/auth';
import type { Subscriber } from '@roundtable/database';
import { validated } from '../validated';
import { escapeHtml, linkPage, resultPage } from '../web-app/public-pages';
import { AUDIENCES } from '@roundtable/contracts';
import { MemberSubscriptionDto, PreferencesDto, PUBLIC_AUDIENCES, SubscriptionDto } from './subscription.dto';
import { SubscriptionsService } from './subscriptions.service';

type Lang = 'de' | 'en';
const T = {
  de: {
    subscribe: 'Rechtsänderungen per E-Mail', email: 'E-Mail-Adresse', language: 'Sprache', audiences: 'Für wen?',
    languages: { de: 'Deutsch', en: 'Englisch', 'de-simple': 'Einfache Sprache' },
    audienceNames: { partner_staff: 'Fachkräfte der Partner', volunteers: 'Ehrenamtliche', employers: 'Arbeitgeber', public: 'Allgemein' },
    reminders: 'Erinnern Sie mich an dem Tag, an dem eine neue Regel in Kraft tritt',
    submit: 'Abonnieren', sent: 'Fast geschafft: Wir haben Ihnen eine E-Mail geschickt. Bitte bestätigen Sie dort Ihr Abonnement.',
    intro: 'Die Ausländerbehörde erklärt neue Regeln in einfachen Worten. Sie brauchen kein Konto.',
    confirmTitle: 'Abonnement bestätigen', confirm: 'Ja, ich möchte die Rechtsänderungen erhalten', confirmed: 'Danke! Ihr Abonnement ist bestätigt.',
    unknown: 'Dieser Link ist ungültig oder wurde schon benutzt.', expired: 'Dieser Link ist abgelaufen. Bitte abonnieren Sie erneut.',
    preferences: 'Ihr Abonnement', save: 'Speichern', saved: 'Gespeichert.', export: 'Meine Daten herunterladen (JSON)',
    unsubscribe: 'Abbestellen', unsubscribed: 'Sie sind abgemeldet und erhalten keine Rechtsänderungen mehr.', delete: 'Meine Daten löschen',
    deleted: 'Ihre Daten sind gelöscht.', status: 'Status', fix: 'Bitte korrigieren Sie:', managePage: 'Einstellungen öffnen',
  },
  en: {
    subscribe: 'Legal-change bulletins by mail', email: 'E-mail address', language: 'Language', audiences: 'For whom?',
    languages: { de: 'German', en: 'English', 'de-simple': 'German in plain language' },
    audienceNames: { partner_staff: 'Partner staff', volunteers: 'Volunteers', employers: 'Employers', public: 'General public' },
    reminders: 'Remind me on the day a new rule comes into force',
    submit: 'Subscribe', sent: 'Almost done: we sent you an e-mail. Please confirm your subscription there.',
    intro: 'The immigration authority explains new rules in plain words. You need no account.',
    confirmTitle: 'Confirm the subscription', confirm: 'Yes, I want to receive the bulletins', confirmed: 'Thank you! Your subscription is confirmed.',
    unknown: 'This link is not valid or was used already.', expired: 'This link has expired. Please subscribe again.',
    preferences: 'Your subscription', save: 'Save', saved: 'Saved.', export: 'Download my data (JSON)',
    unsubscribe: 'Unsubscribe', unsubscribed: 'You are unsubscribed and will receive no more bulletins.', delete: 'Delete my data',
    deleted: 'Your data is deleted.', status: 'Status', fix: 'Please correct:', managePage: 'Open the preferences',
  },
};

const lang = (l: unknown): Lang => (l === 'en' ? 'en' : 'de');

/**
 * Public pages and endpoints for bulletin subscribers (no login): subscribe with double opt-in, preferences,
 * export, delete, and RFC 8058 one-click unsubscribe (POST, no confirmation).
 */
@ApiExcludeController()
@Public()
@Controller('public')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  private reminderBox(l: Lang, checked: boolean): string {
    return `<label class="check"><input type="checkbox" name="reminders"${checked ? ' checked' : ''}> ${T[l].reminders}</label>`;
  }

  private form(l: Lang, values: Partial<Record<'email' | 'language' | 'reminders', string>> & { audiences?: string[] } = {}, error?: string): string {
    const t = T[l];
    const options = (['de', 'en', 'de-simple'] as const)
      .map((v) => `<option value="${v}"${(values.language ?? l) === v ? ' selected' : ''}>${t.languages[v]}</option>`)
      .join('');
    const boxes = PUBLIC_AUDIENCES.map(
      (a) => `<label class="check"><input type="checkbox" name="audiences" value="${a}"${(values.audiences ?? ['volunteers']).includes(a) ? ' checked' : ''}> ${t.audienceNames[a]}</label>`,
    ).join('');
    return linkPage(
      l,
      t.subscribe,
      `<p>${t.intro}</p>${error ? `<div class="error" role="alert"><p>${t.fix}</p><p>${escapeHtml(error)}</p></div>` : ''}
<form method="post" action="/api/public/subscribe?lang=${l}">
<label for="email">${t.email}</label><input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(values.email ?? '')}">
<label for="language">${t.language}</label><select id="language" name="language">${options}</select>
<fieldset><legend>${t.audiences}</legend>${boxes}</fieldset>
${this.reminderBox(l, values.reminders === 'on')}
<button type="submit">${t.submit}</button></form>
<p><a href="/api/public/subscribe?lang=${l === 'de' ? 'en' : 'de'}" lang="${l === 'de' ? 'en' : 'de'}">${l === 'de' ? 'English' : 'Deutsch'}</a></p>`,
    );
  }

  @Get('subscribe')
  @Header('Content-Type', 'text/html; charset=utf-8')
  subscribePage(@Query('lang') l?: string): string {
    return this.form(lang(l));
  }

  @Post('subscribe')
  @HttpCode(200)
  async subscribe(@Body() body: Record<string, unknown>, @Query('lang') l: string | undefined, @Res() res: Response): Promise<void> {
    const pageLang = lang(l ?? (body.language === 'en' ? 'en' : 'de'));
    let dto: SubscriptionDto;
    try {
      dto = await validated(SubscriptionDto, body);
    } catch (err) {
      const messages = ((err as BadRequestException).getResponse() as { message: string[] }).message;
      res.status(400).type('html').send(this.form(pageLang, body as never, [].concat(messages as never).join('; ')));
      return;
    }
    await this.subscriptions.subscribe(dto);
    res.type('html').send(resultPage(pageLang, true, T[pageLang].sent));
  }

  @Get('subscriptions/confirm/:token')
  @Header('Content-Type', 'text/html; charset=utf-8')
  confirmPage(@Query('lang') l?: string): string {
    const t = T[lang(l)];
    return linkPage(lang(l), t.confirmTitle, `<form method="post"><button type="submit">${t.confirm}</button></form>`);
  }

  /** Only this POST activates a subscription; opening the link (or a scanner doing so) does not. */
  @Post('subscriptions/confirm/:token')
  @HttpCode(200)
  async confirm(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const { result, subscriber, manageToken } = await this.subscriptions.confirm(token);
    const l = lang(subscriber?.language);
    if (result === 'unknown') res.status(404).type('html').send(resultPage(l, false, T[l].unknown));
    else if (result === 'expired') res.status(410).type('html').send(resultPage(l, false, T[l].expired));
    else res.type('html').send(resultPage(l, true, T[l].confirmed, `/api/public/subscriptions/${manageToken}`, T[l].managePage));
  }

  private async subscriber(token: string, res: Response): Promise<Subscriber | null> {
    const found = await this.subscriptions.byToken(token);
    if (!found) res.status(404).type('html').send(resultPage('de', false, `${T.de.unknown} / ${T.en.unknown}`));
    return found;
  }

  @Get('subscriptions/:token')
  async preferences(@Param('token') token: string, @Res() res: Response, notice?: string): Promise<void> {
    const s = await this.subscriber(token, res);
    if (!s) return;
    const l = lang(s.language);
    const t = T[l];
    const options = (['de', 'en', 'de-simple'] as const).map((v) => `<option value="${v}"${s.language === v ? ' selected' : ''}>${t.languages[v]}</option>`).join('');
    const boxes = (s.memberId ? AUDIENCES : PUBLIC_AUDIENCES).map(
      (a) => `<label class="check"><input type="checkbox" name="audiences" value="${a}"${s.audiences.includes(a) ? ' checked' : ''}> ${t.audienceNames[a]}</label>`,
    ).join('');
    res.type('html').send(
      linkPage(
        l,
        t.preferences,
        `${notice ? `<p class="ok" role="status">${escapeHtml(notice)}</p>` : ''}<p>${escapeHtml(s.email)} · ${t.status}: ${s.status}</p>
<form method="post"><label for="language">${t.language}</label><select id="language" name="language">${options}</select>
<fieldset><legend>${t.audiences}</legend>${boxes}</fieldset>${this.reminderBox(l, s.reminders)}<button type="submit">${t.save}</button></form>
<p><a href="/api/public/subscriptions/${escapeHtml(token)}/export">${t.export}</a></p>
<form method="post" action="/api/public/unsubscribe/${escapeHtml(token)}"><button type="submit">${t.unsubscribe}</button></form>
<form method="post" action="/api/public/subscriptions/${escapeHtml(token)}/delete"><button type="submit">${t.delete}</button></form>`,
      ),
    );
  }

  @Post('subscriptions/:token')
  @HttpCode(200)
  async savePreferences(@Param('token') token: string, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const s = await this.subscriber(token, res);
    if (!s) return;
    try {
      // A member's subscription may include the partner staff's bulletins.
      await this.subscriptions.updatePreferences(s, await validated(s.memberId ? MemberSubscriptionDto : PreferencesDto, body));
    } catch (err) {
      const messages = ((err as BadRequestException).getResponse() as { message: string[] }).message;
      res.status(400).type('html').send(resultPage(lang(s.language), false, [].concat(messages as never).join('; '), `/api/public/subscriptions/${token}`));
      return;
    }
    await this.preferences(token, res, T[lang(body.language)].saved);
  }

  @Get('subscriptions/:token/export')
  async export(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const s = await this.subscriber(token, res);
    if (!s) return;
    res.setHeader('Content-Disposition', 'attachment; filename="roundtable-subscription.json"');
    res.json(this.subscriptions.export(s));
  }

  @Post('subscriptions/:token/delete')
  @HttpCode(200)
  async remove(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const s = await this.subscriber(token, res);
    if (!s) return;
    await this.subscriptions.delete(s);
    res.type('html').send(resultPage(lang(s.language), true, T[lang(s.language)].deleted));
  }

  @Get('unsubscribe/:token')
  async unsubscribePage(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const s = await this.subscriber(token, res);
    if (!s) return;
    const t = T[lang(s.language)];
    res.type('html').send(linkPage(lang(s.language), t.unsubscribe, `<form method="post"><button type="submit">${t.unsubscribe}</button></form>`));
  }

  /** RFC 8058: mail clients POST `List-Unsubscribe=One-Click` here; a person's form post works the same. */
  @Post('unsubscribe/:token')
  @HttpCode(200)
  async unsubscribe(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const s = await this.subscriber(token, res);
    if (!s) return;
    await this.subscriptions.unsubscribe(s);
    res.type('html').send(resultPage(lang(s.language), true, T[lang(s.language)].unsubscribed));
  }
}
