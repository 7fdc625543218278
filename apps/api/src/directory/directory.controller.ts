import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth } from '@roundtable/auth';
import type { MemberView, OrganisationSummary, OrganisationView, Page, PartnerServiceView } from '@roundtable/contracts';
import { MembersService } from '../members/members.service';
import { DirectoryService } from './directory.service';
import { DirectoryQueryDto, ServiceQueryDto } from './dto/directory-query.dto';
import { CreateOrganisationDto, UpdateOrganisationDto } from './dto/organisation.dto';
import { CreatePartnerServiceDto, UpdatePartnerServiceDto } from './dto/partner-service.dto';
import { organisationNotFound } from './directory.errors';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('directory')
@Controller()
export class DirectoryController {
  constructor(
    private readonly directory: DirectoryService,
    private readonly members: MembersService,
  ) {}

  /** Finds organisations by words, kind, service category and language. Every member may read. */
  @Get('organisations')
  @Auth()
  search(@Query() query: DirectoryQueryDto): Promise<Page<OrganisationSummary>> {
    return this.directory.search(query);
  }

  /** Finds services across all organisations, e.g. an open language course in Arabic. */
  @Get('services')
  @Auth()
  searchServices(@Query() query: ServiceQueryDto): Promise<Page<PartnerServiceView & { organisationName: string }>> {
    return this.directory.searchServices(query);
  }

  @Get('organisations/:id')
  @Auth()
  get(@Param('id', uuid) id: string): Promise<OrganisationView> {
    return this.directory.get(id);
  }

  /** Members of the organisation who have signed in to Roundtable at least once. */
  @Get('organisations/:id/members')
  @Auth()
  async membersOf(@Param('id', uuid) id: string): Promise<MemberView[]> {
    if (!(await this.directory.exists(id))) throw organisationNotFound(id);
    return this.members.ofOrganisation(id);
  }

  @Post('organisations')
  @Auth('network-admin')
  create(@Body() body: CreateOrganisationDto): Promise<OrganisationView> {
    return this.directory.create(body);
  }

  @Patch('organisations/:id')
  @Auth('network-admin')
  update(@Param('id', uuid) id: string, @Body() body: UpdateOrganisationDto): Promise<OrganisationView> {
    return this.directory.update(id, body);
  }

  /** Removes the organisation and its services; its members stay, without an organisation. */
  @Delete('organisations/:id')
  @HttpCode(204)
  @Auth('network-admin')
  remove(@Param('id', uuid) id: string): Promise<void> {
    return this.directory.remove(id);
  }

  @Post('organisations/:id/services')
  @Auth('network-admin')
  addService(@Param('id', uuid) id: string, @Body() body: CreatePartnerServiceDto): Promise<PartnerServiceView> {
    return this.directory.addService(id, body);
  }

  @Patch('organisations/:id/services/:serviceId')
  @Auth('network-admin')
  updateService(
    @Param('id', uuid) id: string,
    @Param('serviceId', uuid) serviceId: string,
    @Body() body: UpdatePartnerServiceDto,
  ): Promise<PartnerServiceView> {
    return this.directory.updateService(id, serviceId, body);
  }

  @Delete('organisations/:id/services/:serviceId')
  @HttpCode(204)
  @Auth('network-admin')
  removeService(@Param('id', uuid) id: string, @Param('serviceId', uuid) serviceId: string): Promise<void> {
    return this.directory.removeService(id, serviceId);
  }
}
