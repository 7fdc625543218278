import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, AuthUser, CurrentUser } from '@roundtable/auth';
import type { CurrentMember } from '@roundtable/contracts';
import { UpdateProfileDto } from './update-profile.dto';
import { MembersService } from './members.service';

@ApiTags('members')
@Controller('me')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  /** The signed-in member: name, organisation, roles and preferred language. */
  @Get()
  @Auth()
  me(@CurrentUser() user: AuthUser): Promise<CurrentMember> {
    return this.members.current(user);
  }

  /** Changes the signed-in member's preferred language. */
  @Patch()
  @Auth()
  update(@CurrentUser() user: AuthUser, @Body() body: UpdateProfileDto): Promise<CurrentMember> {
    return this.members.setLanguage(user, body.language);
  }
}
