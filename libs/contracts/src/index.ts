export * from './bulletins';
export * from './clients';
export * from './directory';
export * from './realtime';
export * from './referrals';
export * from './roles';
export * from './berlin-date';
export * from './conferences';
