import { useI18n } from '../i18n';
import { CLIENT_MESSAGES, type ClientMessages } from './client-messages';

export function useClientMessages(): ClientMessages {
  return CLIENT_MESSAGES[useI18n().lang];
}

/** Times are stored in UTC and shown in Europe/Berlin. */
export function formatDateTime(iso: string, lang: string): string {
  return new Date(iso).toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDate(iso: string, lang: string): string {
  return new Date(iso).toLocaleDateString(lang === 'de' ? 'de-DE' : 'en-GB', { timeZone: 'Europe/Berlin', dateStyle: 'medium' });
}
