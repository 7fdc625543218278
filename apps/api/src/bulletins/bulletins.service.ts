import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@roundtable/auth';
import { AUTHOR_ROLES, readableAudiences, renderBulletinMarkdown, reviewStep, type ReviewStep } from '@roundtable/bulletins';
import { berlinToday, type BulletinLanguage, type BulletinVariant, type BulletinView, type DispatchProgress, type TimelineEntry } from '@roundtable/contracts';
import { Bulletin, BulletinReviewEvent, BulletinVersion } from '@roundtable/database';
import { BulletinDto } from './dto/bulletin.dto';

const bulletinNotFound = (id: string) => new NotFoundException({ code: 'bulletin_not_found', message: `No bulletin with id ${id}.` });

function isAuthor(user: AuthUser): boolean {
  return user.roles.some((r) => AUTHOR_ROLES.includes(r));
}

/** The asked-for language version, else German, which every bulletin has (bulletin_variants_check). */
function pick<T>(variants: Partial<Record<BulletinLanguage, T>>, language: BulletinLanguage): [BulletinLanguage, T] {
  const found = variants[language] ? language : 'de';
  return [found, variants[found]!];
}

/**
 * Legal-change bulletins: written by the ABH's liaisons and bulletin editors, published only by a second person
 * with the right to publish, frozen into immutable versions, and read by audience and language.
 */
@Injectable()
export class BulletinsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private columns(dto: BulletinDto) {
    return {
      audiences: dto.audiences,
      legalRefs: dto.legalRefs ?? [],
      provisions: (dto.provisions ?? []).map((p) => ({ effective: p.effective, refs: p.refs ?? [], text: { ...p.text } })),
      variants: JSON.parse(JSON.stringify(dto.variants)) as Partial<Record<BulletinLanguage, BulletinVariant>>,
    };
  }

  async create(user: AuthUser, dto: BulletinDto): Promise<BulletinView> {
    const saved = await this.db.getRepository(Bulletin).save({
      ...this.columns(dto),
      authorMemberId: user.memberId,
      authorOrganisationId: user.organisationId,
    });
    return this.get(user, saved.id);
  }

  /**
   * Opens a correction of a published bulletin: the working copy becomes a draft of the next version with a
   * change note; readers keep the published version until the correction is published (four eyes again), and
   * then everyone who received an earlier version gets the corrected one.
   */
  async correct(user: AuthUser, id: string, changeNote: string): Promise<BulletinView> {
    const [rows] = await this.db.query(
      `UPDATE bulletin SET state = 'draft', version = version + 1, change_note = $2, updated_at = now() WHERE id = $1 AND state = 'published' RETURNING id`,
      [id, changeNote],
    );
    if (!rows.length) throw new ConflictException({ code: 'state', message: 'Only a published bulletin can be corrected.' });
    await this.db.getRepository(BulletinReviewEvent).insert({ bulletinId: id, actorMemberId: user.memberId, step: 'correct', fromState: 'published', toState: 'draft', note: changeNote });
    return this.get(user, id);
  }

  /** Only a draft is edited; a published bulletin is changed by a correction (a new version). */
  async update(user: AuthUser, id: string, dto: BulletinDto): Promise<BulletinView> {
    const bulletin = await this.db.getRepository(Bulletin).findOneBy({ id });
    if (!bulletin) throw bulletinNotFound(id);
    if (bulletin.state !== 'draft') throw new ConflictException({ code: 'not_draft', message: `Only a draft can be edited; this bulletin is ${bulletin.state}.` });
    await this.db.getRepository(Bulletin).update({ id }, this.columns(dto));
    return this.get(user, id);
  }

  async step(user: AuthUser, id: string, step: ReviewStep, note?: string): Promise<BulletinView> {
    const bulletin = await this.db.getRepository(Bulletin).findOneBy({ id });
    if (!bulletin) throw bulletinNotFound(id);
    const decision = reviewStep(step, bulletin.state, user, bulletin.authorMemberId);
    if (!decision.ok) {
      if (decision.problem === 'four_eyes') {
        throw new ForbiddenException({ code: 'four_eyes', message: 'A second person must review and publish: the author cannot, whatever roles they hold.' });
      }
      if (decision.problem === 'role') throw new ForbiddenException({ code: 'role', message: `Your roles do not allow "${step}".` });
      throw new ConflictException({ code: 'state', message: `"${step}" needs a bulletin that is ${decision.allowedFrom!.join(' or ')}; this one is ${bulletin.state}.` });
    }
    await this.db.transaction(async (tx) => {
      const [rows] = await tx.query(`UPDATE bulletin SET state = $3, updated_at = now() WHERE id = $1 AND state = $2 RETURNING id`, [id, bulletin.state, decision.to]);
      if (!rows.length) throw new ConflictException({ code: 'state', message: 'The bulletin was changed meanwhile; reload it.' });
      if (step === 'publish') {
        const variants = Object.fromEntries(
          Object.entries(bulletin.variants).map(([lang, v]) => [lang, { ...v, bodyHtml: renderBulletinMarkdown(v!.bodyMarkdown) }]),
        );
        await tx.getRepository(BulletinVersion).insert({
          bulletinId: id,
          version: bulletin.version,
          publishedBy: user.memberId,
          audiences: bulletin.audiences,
          legalRefs: bulletin.legalRefs,
          provisions: bulletin.provisions,
          variants,
          changeNote: bulletin.changeNote,
        });
        // One delivery per recipient of this version; the unique key makes a second one impossible.
        await tx.query(
          `INSERT INTO bulletin_delivery (bulletin_id, version, kind, ref, subscriber_id, email, language, message_id)
           SELECT $1, $2, 'bulletin', $4, s.id, s.email, s.language, '<' || gen_random_uuid() || '@roundtable>'
             FROM subscriber s
            WHERE s.status = 'active'
              AND (s.audiences && $3::text[]
                   OR s.id IN (SELECT subscriber_id FROM bulletin_delivery WHERE bulletin_id = $1 AND kind = 'bulletin' AND state = 'sent'))
           ON CONFLICT ON CONSTRAINT bulletin_delivery_once DO NOTHING`,
          [id, bulletin.version, bulletin.audiences, String(bulletin.version)],
        );
      }
      await tx.getRepository(BulletinReviewEvent).insert({ bulletinId: id, actorMemberId: user.memberId, step, fromState: bulletin.state, toState: decision.to, note: note ?? null });
    });
    return this.get(user, id);
  }

  /** A published bulletin as published (latest version); drafts and reviews only for authors. */
  async get(user: AuthUser, id: string, language: BulletinLanguage = 'de'): Promise<BulletinView> {
    const bulletin = await this.db.getRepository(Bulletin).findOne({ where: { id }, relations: { author: true } });
    if (!bulletin) throw bulletinNotFound(id);
    const published = await this.db.getRepository(BulletinVersion).findOne({ where: { bulletinId: id }, order: { version: 'DESC' }, relations: { publisher: true } });
    const showWorkingCopy = isAuthor(user) && (bulletin.state === 'draft' || bulletin.state === 'in_review' || !published);
    const forReader = bulletin.audiences.some((a) => readableAudiences(user.roles).includes(a));
    if (!showWorkingCopy && (!published || (!forReader && !isAuthor(user)))) throw bulletinNotFound(id);
    const source = showWorkingCopy ? bulletin : published!;
    const [lang, variant] = pick(source.variants as Partial<Record<BulletinLanguage, BulletinVariant & { bodyHtml?: string }>>, language);
    return {
      id,
      state: bulletin.state,
      version: showWorkingCopy ? bulletin.version : published!.version,
      audiences: source.audiences,
      legalRefs: source.legalRefs,
      provisions: [...source.provisions].sort((a, b) => a.effective.localeCompare(b.effective)),
      language: lang,
      availableLanguages: Object.keys(source.variants) as BulletinLanguage[],
      title: variant.title,
      summary: variant.summary,
      bodyHtml: variant.bodyHtml ?? renderBulletinMarkdown(variant.bodyMarkdown),
      author: bulletin.author.displayName,
      publishedAt: showWorkingCopy ? null : published!.publishedAt.toISOString(),
      publishedBy: showWorkingCopy ? null : published!.publisher.displayName,
      changeNote: source.changeNote,
    };
  }

  /** Published bulletins for the member's audiences, newest first; authors also see drafts and reviews. */
  async feed(user: AuthUser, language: BulletinLanguage = 'de'): Promise<BulletinView[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT b.id FROM bulletin b
        WHERE (b.state <> 'withdrawn' AND b.audiences && $1::text[] AND EXISTS (SELECT 1 FROM bulletin_version v WHERE v.bulletin_id = b.id))
           OR ($2 AND b.state IN ('draft', 'in_review'))
        ORDER BY (SELECT max(v.published_at) FROM bulletin_version v WHERE v.bulletin_id = b.id) DESC NULLS FIRST, b.updated_at DESC
        LIMIT 100`,
      [readableAudiences(user.roles), isAuthor(user)],
    );
    return Promise.all(rows.map((r) => this.get(user, r.id, language)));
  }

  /**
   * Sent, sending, pending and failed deliveries of the latest published version, for the authors' live view;
   * `unconfirmed` counts the sent ones whose worker stopped after handing them over, before the server's "250".
   */
  async progress(id: string): Promise<DispatchProgress> {
    const version = await this.db.getRepository(BulletinVersion).findOne({ where: { bulletinId: id }, order: { version: 'DESC' } });
    if (!version) throw bulletinNotFound(id);
    const rows: Array<{ state: string; n: number; unconfirmed: number }> = await this.db.query(
      `SELECT state, count(*)::int AS n, count(*) FILTER (WHERE state = 'sent' AND smtp_reply IS NULL)::int AS unconfirmed
         FROM bulletin_delivery WHERE bulletin_id = $1 AND kind = 'bulletin' AND ref = $2 GROUP BY state`,
      [id, String(version.version)],
    );
    const count = (state: string) => rows.find((r) => r.state === state)?.n ?? 0;
    return {
      version: version.version,
      total: rows.reduce((sum, r) => sum + r.n, 0),
      sent: count('sent'),
      unconfirmed: rows.reduce((sum, r) => sum + r.unconfirmed, 0),
      sending: count('sending'),
      pending: count('pending'),
      failed: count('failed'),
      paused: !!version.dispatchPausedAt,
      pauseReason: version.dispatchPauseReason,
    };
  }

  /** Lets a paused dispatch go on (after the mail server was fixed). */
  async resume(id: string): Promise<DispatchProgress> {
    const version = await this.db.getRepository(BulletinVersion).findOne({ where: { bulletinId: id }, order: { version: 'DESC' } });
    if (!version) throw bulletinNotFound(id);
    await this.db.query(
      `UPDATE bulletin_version SET dispatch_paused_at = NULL, dispatch_pause_reason = NULL WHERE bulletin_id = $1 AND version = $2`,
      [id, version.version],
    );
    await this.db.query(
      `UPDATE bulletin_delivery SET next_attempt_at = now(), last_error = NULL WHERE bulletin_id = $1 AND version = $2 AND state = 'pending'`,
      [id, version.version],
    );
    return this.progress(id);
  }

  /** What is in force on `date` and what comes next, built from the provisions of published bulletins. */
  async timeline(user: AuthUser, date = berlinToday(), language: BulletinLanguage = 'de'): Promise<{ date: string; inForce: TimelineEntry[]; upcoming: TimelineEntry[] }> {
    const entries: TimelineEntry[] = [];
    for (const bulletin of (await this.feed(user, language)).filter((b) => b.publishedAt)) {
      for (const p of bulletin.provisions) {
        const text = p.text[language] ?? p.text.de ?? p.text.en ?? '';
        entries.push({ effective: p.effective, refs: p.refs, text, bulletin: { id: bulletin.id, title: bulletin.title } });
      }
    }
    entries.sort((a, b) => a.effective.localeCompare(b.effective));
    return { date, inForce: entries.filter((e) => e.effective <= date), upcoming: entries.filter((e) => e.effective > date) };
  }
}

