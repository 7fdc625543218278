export * from './data-source';
export * from './database.module';
export * from './migrate';
export * from './entities/member.entity';
export * from './entities/organisation.entity';
export * from './entities/partner-service.entity';
export * from './job-queue';
export * from './job-queue.module';
