import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nProvider as AriaI18nProvider } from 'react-aria-components';
import { MESSAGES, type Language, type Messages } from './messages';

interface I18n {
  lang: Language;
  t: Messages;
  setLang(lang: Language): void;
  /** The name of a language code in the current language, e.g. "ar" -> "Arabisch". */
  languageName(code: string): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ initial, onChange, children }: { initial: Language; onChange?: (lang: Language) => void; children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(initial);
  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem('roundtable.language', lang);
  }, [lang]);
  const setLang = useCallback(
    (next: Language) => {
      setLangState(next);
      onChange?.(next);
    },
    [onChange],
  );
  const value = useMemo<I18n>(() => {
    const names = new Intl.DisplayNames([lang], { type: 'language' });
    return { lang, t: MESSAGES[lang], setLang, languageName: (code) => names.of(code) ?? code };
  }, [lang, setLang]);
  return (
    <I18nContext.Provider value={value}>
      <AriaI18nProvider locale={lang === 'de' ? 'de-DE' : 'en-GB'}>{children}</AriaI18nProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
