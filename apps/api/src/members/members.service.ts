import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser, MemberMirror, VerifiedToken } from '@roundtable/auth';
import type { CurrentMember, MemberView } from '@roundtable/contracts';
import { Member } from '@roundtable/database';

interface Mirrored {
  fingerprint: string;
  memberId: string;
  organisationId: string | null;
  until: number;
}

/** How long a mirrored member is trusted before the next request writes `last_seen_at` again. */
const MIRROR_TTL_MS = 60_000;

/**
 * Members are Keycloak users mirrored locally on their first request and refreshed when their
 * token's name, e-mail, organisation or roles change.
 */
@Injectable()
export class MembersService implements MemberMirror {
  /** A cache only, to spare a write per request; losing it costs one UPSERT. */
  private readonly recent = new Map<string, Mirrored>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async mirror(token: VerifiedToken): Promise<AuthUser> {
    const fingerprint = JSON.stringify([token.username, token.displayName, token.email, token.org, token.roles]);
    const cached = this.recent.get(token.subject);
    if (cached && cached.fingerprint === fingerprint && cached.until > Date.now()) {
      return { ...token, memberId: cached.memberId, organisationId: cached.organisationId };
    }
    const [row] = await this.db.query(
      `INSERT INTO member (subject, username, display_name, email, org_slug, organisation_id, roles, language)
       VALUES ($1, $2, $3, $4, $5::text, (SELECT id FROM organisation WHERE slug = $5::text), $6, $7)
       ON CONFLICT (subject) DO UPDATE SET
         username = EXCLUDED.username, display_name = EXCLUDED.display_name, email = EXCLUDED.email,
         org_slug = EXCLUDED.org_slug, organisation_id = EXCLUDED.organisation_id, roles = EXCLUDED.roles,
         last_seen_at = now()
       RETURNING id, organisation_id`,
      [token.subject, token.username, token.displayName, token.email, token.org, token.roles, languageOf(token.locale)],
    );
    if (this.recent.size > 10_000) this.recent.clear();
    this.recent.set(token.subject, {
      fingerprint,
      memberId: row.id,
      organisationId: row.organisation_id,
      until: Date.now() + MIRROR_TTL_MS,
    });
    return { ...token, memberId: row.id, organisationId: row.organisation_id };
  }

  async current(user: AuthUser): Promise<CurrentMember> {
    const member = await this.db.getRepository(Member).findOneOrFail({
      where: { id: user.memberId },
      relations: { organisation: true },
    });
    return {
      id: member.id,
      username: member.username,
      displayName: member.displayName,
      email: member.email,
      org: member.orgSlug,
      organisation: member.organisation
        ? { id: member.organisation.id, name: member.organisation.name, kind: member.organisation.kind }
        : null,
      roles: user.roles,
      language: member.language,
    };
  }

  async setLanguage(user: AuthUser, language: string): Promise<CurrentMember> {
    await this.db.getRepository(Member).update({ id: user.memberId }, { language });
    return this.current(user);
  }

  async ofOrganisation(organisationId: string): Promise<MemberView[]> {
    const members = await this.db.getRepository(Member).find({
      where: { organisationId },
      order: { displayName: 'ASC' },
    });
    return members.map((m) => ({
      id: m.id,
      username: m.username,
      displayName: m.displayName,
      email: m.email,
      roles: m.roles,
      language: m.language,
    }));
  }
}

function languageOf(locale: string | null): string {
  return locale?.toLowerCase().startsWith('en') ? 'en' : 'de';
}
