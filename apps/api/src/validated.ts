import { BadRequestException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

/** Validates a plain object like the global ValidationPipe does (for the JSON part of a multipart request). */
export async function validated<T extends object>(cls: new () => T, plain: unknown): Promise<T> {
  const instance = plainToInstance(cls, plain ?? {});
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const messages = errors.flatMap((e) =>
      e.constraints ? Object.values(e.constraints) : (e.children ?? []).flatMap((c) => Object.values(c.constraints ?? {})),
    );
    throw new BadRequestException({ message: messages, error: 'Bad Request', statusCode: 400 });
  }
  return instance;
}


/** Several property decorators as one, so that a DTO can share a field's rules between its required and optional forms. */
export const allOf = (...decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));
