export * from './referral-links';
export * from './referral-notifications';
export * from './referral-state';
