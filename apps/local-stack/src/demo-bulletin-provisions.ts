/** The stages of the 2023 skilled-immigration reform (from shared/data/skilled-immigration-reform.json; wording theirs, check legal details against the Federal Law Gazette). */
export const REFORM_PROVISIONS = [
  {
    "effective": "2023-11-18",
    "refs": [
      "§ 18a AufenthG",
      "§ 18b AufenthG",
      "§ 18g AufenthG"
    ],
    "text": {
      "de": "Neue Regeln zur Blauen Karte EU (niedrigere Gehaltsgrenzen). Fachkräfte mit Berufsausbildung oder Studium haben einen Anspruch auf den Aufenthaltstitel. Ein Wechsel in diesen Titel ist auch aus einem Schengen-Visum möglich; bei einem Anspruch kann auf das Nachholen des Visumverfahrens verzichtet werden.",
      "en": "New EU Blue Card rules (lower salary thresholds). Skilled workers with vocational or academic training are entitled to the residence permit. Switching into it is possible even from a Schengen visa; where there is an entitlement, the visa procedure need not be repeated.",
      "de-simple": "Ab 18. November 2023: Neue Regeln für die Blaue Karte EU und für Fachkräfte."
    }
  },
  {
    "effective": "2024-03-01",
    "refs": [
      "§ 16g AufenthG",
      "§ 10 AufenthG",
      "§ 16d AufenthG"
    ],
    "text": {
      "de": "Der größte Teil der Reform: Spurwechsel aus einem zurückgenommenen Asylverfahren in eine Aufenthaltserlaubnis zur Beschäftigung (nur unter bestimmten Voraussetzungen), die neue Aufenthaltserlaubnis zur Berufsausbildung (§ 16g) statt der Ausbildungsduldung, mehr Möglichkeiten für Nebenbeschäftigungen, Anerkennungspartnerschaften.",
      "en": "The largest part of the reform: switching from a withdrawn asylum procedure to a residence permit for employment (only under certain conditions), the new residence permit for vocational training (§ 16g) replacing the training toleration, wider side-job options, recognition partnerships.",
      "de-simple": "Ab 1. März 2024: Wechsel aus dem Asyl-Verfahren in eine Erlaubnis für Arbeit ist manchmal möglich. Neue Erlaubnis für eine Ausbildung."
    }
  },
  {
    "effective": "2024-06-01",
    "refs": [
      "§ 20a AufenthG",
      "§ 26 BeschV"
    ],
    "text": {
      "de": "Die Chancenkarte: ein Punktesystem (mindestens sechs Punkte, z. B. für Qualifikation, Sprache, Berufserfahrung, Alter, Deutschlandbezug) erlaubt bis zu einem Jahr Arbeitssuche in Deutschland. Die Westbalkanregelung wird auf 50.000 Zustimmungen im Jahr verdoppelt.",
      "en": "The opportunity card: a points system (at least six points, e.g. for qualifications, language, work experience, age, ties to Germany) allows up to one year of job search in Germany. The Western Balkans rule doubles to 50,000 approvals a year.",
      "de-simple": "Ab 1. Juni 2024: Die Chancen-Karte. Mit Punkten können Sie nach Arbeit suchen."
    }
  },
  {
    "effective": "2026-01-01",
    "refs": [
      "§ 45c AufenthG"
    ],
    "text": {
      "de": "Neue Informationspflichten für Arbeitgeber, die im Ausland Arbeitskräfte anwerben.",
      "en": "New duties to inform for employers recruiting workers abroad.",
      "de-simple": "Ab 1. Januar 2026: Arbeit-Geber müssen mehr informieren."
    }
  }
];
