export * from './consent-decision';
export * from './disclosure-ledger';
