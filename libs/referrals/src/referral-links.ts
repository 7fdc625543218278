import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export interface LinkClaims {
  /** referral */
  r: string;
  /** member acting */
  m: string;
  /** action */
  a: 'accept' | 'decline';
  /** expiry, seconds since epoch */
  exp: number;
  /** single-use id */
  jti: string;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; problem: 'malformed' | 'signature' | 'expired' };

/** Signed single-use links for accepting or declining a referral from the mail (HMAC-SHA256). */
export class ReferralLinks {
  constructor(
    private readonly secret: string,
    private readonly days: number,
  ) {}

  sign(referralId: string, memberId: string, action: LinkClaims['a'], now = Date.now()): string {
    const claims: LinkClaims = { r: referralId, m: memberId, a: action, exp: Math.floor(now / 1000) + this.days * 86_400, jti: randomUUID() };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  check(token: string, now = Date.now()): LinkCheck {
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined) return { ok: false, problem: 'malformed' };
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, problem: 'signature' };
    let claims: LinkClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, problem: 'malformed' };
    }
    if (claims.exp * 1000 < now) return { ok: false, problem: 'expired' };
    return { ok: true, claims };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
