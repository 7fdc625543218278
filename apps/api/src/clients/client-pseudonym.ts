import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for one another when read aloud or copied (no 0/O, 1/I/L, U). */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A pseudonym code like K-7F3Q9A: 30^6 (about 730 million) codes, so collisions stay rare; the caller retries on one. */
export function newPseudonym(length = 6): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `K-${code}`;
}
