import { BadRequestException } from '@nestjs/common';
import { createHash } from 'node:crypto';

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

/** Recognises the file by its first bytes, not by the name or the type the browser claims. */
export function evidenceMediaType(content: Buffer): 'application/pdf' | 'image/png' | 'image/jpeg' {
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  throw new BadRequestException({ code: 'evidence_type', message: 'The signed form must be a PDF, PNG or JPEG file.' });
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
