export * from './consent-decision';
