import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import type { ReferralAction, ReferralState } from '@roundtable/contracts';

export const referralNotFound = (id: string) =>
  new NotFoundException({ code: 'referral_not_found', message: `No referral with id ${id} for your organisation.` });

export const transitionNotAllowed = (state: ReferralState, action: ReferralAction, allowed: ReferralAction[]) =>
  new ConflictException({
    code: 'transition_not_allowed',
    message: `A referral in state "${state}" cannot be moved with "${action}" by your side. Allowed now: ${allowed.length ? allowed.join(', ') : 'nothing (it is closed)'}.`,
    state,
    allowed,
  });

export const badReferral = (code: string, message: string) => new BadRequestException({ code, message });
