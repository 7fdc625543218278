import type { CaughtMail } from '../../apps/local-stack/src/mail-catcher/mail-catcher';
import { testStack } from '../setup/test-stack';

export type { CaughtMail };

/**
 * Mails the test stack's SMTP catcher received for `address` that `match`, once there are `count` of them
 * (or the time is up: then whatever there is).
 */
export async function mailsTo(address: string, match: (m: CaughtMail) => boolean = () => true, count = 1, timeoutMs = 15_000): Promise<CaughtMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = (await (await fetch(`${testStack().mailCatcherUrl}/api/messages`)).json()) as CaughtMail[];
    const found = all.filter((m) => m.envelope.to.includes(address) && match(m));
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The one mail to `address` whose subject matches; fails if none arrives. */
export async function mailTo(address: string, subject: RegExp): Promise<CaughtMail> {
  const [found] = await mailsTo(address, (m) => subject.test(m.subject));
  if (!found) throw new Error(`no mail to ${address} matching ${subject}`);
  return found;
}
