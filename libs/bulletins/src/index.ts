export * from './bulletin-markdown';
export * from './bulletin-review';
