import { BadRequestException, ForbiddenException, NotFoundException } from '@nestjs/common';

export const clientNotFound = (id: string) =>
  new NotFoundException({ code: 'client_not_found', message: `No client with id ${id}.` });

export const noOrganisation = () =>
  new ForbiddenException({
    code: 'no_organisation',
    message: 'Your account belongs to no organisation in the directory, so it cannot hold or read client data.',
  });

export const notOwner = () =>
  new ForbiddenException({ code: 'not_owner', message: 'Only the organisation that registered the client can do this.' });

export const purposeRequired = () =>
  new BadRequestException({
    code: 'purpose_required',
    message: 'Reading another organisation\'s client needs a purpose: add ?purpose=case_conference, referral, counselling or information_exchange.',
  });
