import { Controller, Get, Header, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '@roundtable/auth';
import type { ApiConfig } from '@roundtable/config';
import type { BulletinLanguage, BulletinVariant } from '@roundtable/contracts';
import { API_CONFIG } from '../api-config';
import { escapeHtml, linkPage, resultPage } from '../web-app/public-pages';

interface PublicBulletin {
  id: string;
  version: number;
  published_at: Date;
  provisions: Array<{ effective: string; refs: string[]; text: Partial<Record<BulletinLanguage, string>> }>;
  variants: Partial<Record<BulletinLanguage, BulletinVariant & { bodyHtml: string }>>;
}

const LANGS: BulletinLanguage[] = ['de', 'en', 'de-simple'];
const asLang = (l: unknown): BulletinLanguage => (LANGS.includes(l as BulletinLanguage) ? (l as BulletinLanguage) : 'de');
const variantOf = (b: PublicBulletin, l: BulletinLanguage) => b.variants[l] ?? b.variants.de!;

/** Public bulletins (audience "public"): an Atom feed and an archive, no login. Withdrawn ones leave both. */
@ApiExcludeController()
@Public()
@Controller('public/bulletins')
export class PublicBulletinsController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  private published(id?: string): Promise<PublicBulletin[]> {
    return this.db.query(
      `SELECT DISTINCT ON (v.bulletin_id) v.bulletin_id AS id, v.version, v.published_at, v.provisions, v.variants
         FROM bulletin_version v JOIN bulletin b ON b.id = v.bulletin_id
        WHERE b.state = 'published' AND 'public' = ANY (v.audiences) AND ($1::uuid IS NULL OR b.id = $1)
        ORDER BY v.bulletin_id, v.version DESC`,
      [id ?? null],
    ).then((rows: PublicBulletin[]) => rows.sort((a, b) => b.published_at.getTime() - a.published_at.getTime()));
  }

  @Get('feed.atom')
  @Header('Content-Type', 'application/atom+xml; charset=utf-8')
  async atom(@Query('lang') l?: string): Promise<string> {
    const lang = asLang(l);
    const base = this.config.PUBLIC_URL;
    const items = await this.published();
    const updated = (items[0]?.published_at ?? new Date(0)).toISOString();
    const entries = items
      .map((b) => {
        const v = variantOf(b, lang);
        const link = `${base}/api/public/bulletins/${b.id}?lang=${lang}`;
        return `<entry><id>urn:uuid:${b.id}</id><title>${escapeHtml(v.title)}</title><link rel="alternate" type="text/html" href="${escapeHtml(link)}"/>` +
          `<updated>${b.published_at.toISOString()}</updated><summary>${escapeHtml(v.summary)}</summary><content type="html">${escapeHtml(v.bodyHtml)}</content></entry>`;
      })
      .join('\n');
    return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang === 'de-simple' ? 'de' : lang}">
<id>${escapeHtml(`${base}/api/public/bulletins/feed.atom`)}</id>
<title>Roundtable – ${lang === 'en' ? 'legal-change bulletins' : 'Rechtsänderungen'}</title>
<link rel="self" href="${escapeHtml(`${base}/api/public/bulletins/feed.atom?lang=${lang}`)}"/>
<link rel="alternate" type="text/html" href="${escapeHtml(`${base}/api/public/bulletins?lang=${lang}`)}"/>
<updated>${updated}</updated>
${entries}
</feed>`;
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async archive(@Query('lang') l?: string): Promise<string> {
    const lang = asLang(l);
    const de = lang !== 'en';
    const items = await this.published();
    const list = items.length
      ? `<ul>${items
          .map((b) => {
            const v = variantOf(b, lang);
            return `<li><a href="/api/public/bulletins/${b.id}?lang=${lang}">${escapeHtml(v.title)}</a> (${b.published_at.toISOString().slice(0, 10)})<br>${escapeHtml(v.summary)}</li>`;
          })
          .join('')}</ul>`
      : `<p>${de ? 'Noch keine öffentlichen Rechtsänderungen.' : 'No public bulletins yet.'}</p>`;
    return linkPage(
      lang === 'en' ? 'en' : 'de',
      de ? 'Rechtsänderungen – Archiv' : 'Legal-change bulletins – archive',
      `${list}<p><a href="/api/public/bulletins/feed.atom?lang=${lang}">Atom-Feed</a> · <a href="/api/public/subscribe?lang=${lang === 'en' ? 'en' : 'de'}">${de ? 'Per E-Mail abonnieren' : 'Subscribe by mail'}</a></p>`,
    );
  }

  @Get(':id')
  async one(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string, @Query('lang') l: string | undefined, @Res() res: Response): Promise<void> {
    const lang = asLang(l);
    const [b] = await this.published(id);
    if (!b) {
      res.status(404).type('html').send(resultPage(lang === 'en' ? 'en' : 'de', false, lang === 'en' ? 'No such public bulletin.' : 'Diese öffentliche Rechtsänderung gibt es nicht.'));
      return;
    }
    const v = variantOf(b, lang);
    const provisions = [...b.provisions]
      .sort((x, y) => x.effective.localeCompare(y.effective))
      .map((p) => `<li><strong>${p.effective}</strong>: ${escapeHtml(p.text[lang] ?? p.text.de ?? '')} ${p.refs.length ? `(${escapeHtml(p.refs.join(', '))})` : ''}</li>`)
      .join('');
    res.type('html').send(
      linkPage(
        lang === 'en' ? 'en' : 'de',
        v.title,
        `<p><strong>${escapeHtml(v.summary)}</strong></p>${provisions ? `<h2>${lang === 'en' ? 'In force from' : 'Gilt ab'}</h2><ul>${provisions}</ul>` : ''}<div>${v.bodyHtml}</div>
<p><a href="/api/public/bulletins?lang=${lang}">${lang === 'en' ? 'All bulletins' : 'Alle Rechtsänderungen'}</a></p>`,
      ),
    );
  }
}
