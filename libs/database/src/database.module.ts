import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { runMigrations } from './migrate';

/** TypeORM on PostgreSQL; applies pending migrations before the app accepts work. */
@Module({})
export class DatabaseModule {
  static forRoot(options: { url: string; poolSize?: number }): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(options.url, options.poolSize),
          dataSourceFactory: async (opts) => {
            const dataSource = await new DataSource(opts!).initialize();
            await runMigrations(dataSource);
            return dataSource;
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
