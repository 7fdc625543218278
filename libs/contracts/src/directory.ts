/** Shapes of the partner directory, shared by the api and the web app. */

export const ORGANISATION_KINDS = [
  'authority',
  'welfare',
  'jobcentre',
  'employment_agency',
  'counselling',
  'refugee_council',
  'migrant_org',
  'employer',
  'volunteer_group',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Service categories, a small taxonomy in the spirit of Open Referral HSDS. */
export const SERVICE_CATEGORIES = [
  'residence_matters',
  'migration_counselling',
  'legal_advice',
  'language_course',
  'employment',
  'recognition_of_qualifications',
  'housing',
  'health',
  'family_and_children',
  'education',
  'volunteer_support',
  'interpreting',
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

export const CAPACITY_STATES = ['open', 'waitlist', 'closed'] as const;
export type Capacity = (typeof CAPACITY_STATES)[number];

/** ISO 639-1/-2 language code, lower case. */
export const LANGUAGE_CODE_PATTERN = /^[a-z]{2,3}$/;

export interface ContactPoint {
  name: string;
  role?: string;
  email?: string;
  phone?: string;
}

export interface Address {
  street?: string;
  postalCode?: string;
  city: string;
}

export interface PartnerServiceView {
  id: string;
  organisationId: string;
  name: string;
  description: string;
  category: ServiceCategory;
  eligibility: string;
  languages: string[];
  capacity: Capacity;
  updatedAt: string;
}

export interface OrganisationSummary {
  id: string;
  slug: string;
  name: string;
  kind: OrganisationKind;
  city: string;
  languages: string[];
  serviceCategories: ServiceCategory[];
  serviceCount: number;
}

export interface OrganisationView {
  id: string;
  slug: string;
  name: string;
  kind: OrganisationKind;
  description: string;
  address: Address;
  website: string | null;
  languages: string[];
  contactPoints: ContactPoint[];
  /** Days to react to a referral before it counts as overdue. */
  responseTimeDays: number;
  services: PartnerServiceView[];
  createdAt: string;
  updatedAt: string;
}

export interface MemberView {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: string[];
  language: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
