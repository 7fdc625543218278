import { IsEmail, MaxLength } from 'class-validator';

export class TestMailDto {
  /** Where the test message goes. */
  @IsEmail({}, { message: 'to must be an e-mail address' })
  @MaxLength(254)
  to: string;
}
