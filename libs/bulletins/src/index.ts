export * from './bulletin-markdown';
export * from './bulletin-review';
export * from './bulletin-mail';
export * from './audiences';
