import { IsIn } from 'class-validator';

export class UpdateProfileDto {
  /** The language of the workspace and of mail to this member. */
  @IsIn(['de', 'en'])
  language: 'de' | 'en';
}
