import { localParts } from '@aisle/core';
import { CAUSE_CATEGORIES, type CauseCategory } from './categories';
import { gradeCN } from './grading';
import type { Incident } from './incident';
import { uuidV5 } from './internal/uuid';

/** The namespace for our UUIDv5 STIX ids (a fixed UUID chosen for Aisle). */
const NAMESPACE = 'b6f4a1d2-7c3e-4f0a-9d2b-5e8c1a7f3b90';

/**
 * A STIX 2.1 `incident` SDO. Required by STIX 2.1 §4.8: `type`, `spec_version`, `id`,
 * `created`, `modified`, `name`; our data travels in `x_aisle_*` custom properties.
 *
 * @public
 */
export interface StixIncident {
  readonly type: 'incident';
  readonly spec_version: '2.1';
  readonly id: string;
  readonly created: string;
  readonly modified: string;
  readonly name: string;
  readonly description: string;
  readonly labels: readonly string[];
  readonly external_references: ReadonlyArray<{
    readonly source_name: string;
    readonly external_id?: string;
    readonly description?: string;
  }>;
  readonly x_aisle_status: string;
  readonly x_aisle_cn_grade: string;
  readonly x_aisle_people_affected: number;
  readonly x_aisle_records_affected: number;
  readonly x_aisle_cause_category: string;
}

/**
 * Exports an incident as a STIX 2.1 incident object. The id is a UUIDv5 of the incident id, so
 * re-exporting the same incident yields the same STIX id (STIX recommends v4 but allows any
 * RFC 4122 UUID); `created` is the first audit entry, `modified` the last.
 *
 * @example
 * ```ts
 * import { toStixIncident } from '@aisle/incidents';
 *
 * const sdo = toStixIncident(incident); // { type: 'incident', spec_version: '2.1', id: 'incident--…', … }
 * ```
 *
 * @public
 */
export function toStixIncident(incident: Incident): StixIncident {
  const r = incident.record;
  const created = incident.trail[0]?.payload.at ?? r.discovered.at;
  const modified = incident.trail.at(-1)?.payload.at ?? created;
  return {
    type: 'incident',
    spec_version: '2.1',
    id: `incident--${uuidV5(r.id, NAMESPACE)}`,
    created,
    modified,
    name: r.title,
    description: r.summary,
    labels: [r.cause.category, ...r.personalInformation.categories.map((c) => `pi:${c}`)],
    external_references: [
      { source_name: 'aisle', external_id: r.id },
      { source_name: 'GB/T 20986-2023', description: CAUSE_CATEGORIES[r.cause.category].en },
    ],
    x_aisle_status: r.status,
    x_aisle_cn_grade: gradeCN(r).grade,
    x_aisle_people_affected: r.personalInformation.people,
    x_aisle_records_affected: r.personalInformation.records,
    x_aisle_cause_category: r.cause.category,
  };
}

/** GB/T 20986-2023 category → VERIS action category (our mapping; `Unknown` where none fits). */
const VERIS_ACTION: Readonly<Record<CauseCategory, string>> = {
  'malicious-program': 'malware',
  'network-attack': 'hacking',
  'data-security': 'Unknown',
  'information-content-security': 'social',
  'equipment-facility-failure': 'error',
  'violation-operation': 'misuse',
  'security-hidden-danger': 'error',
  'abnormal-behavior': 'Unknown',
  'force-majeure': 'environmental',
  other: 'Unknown',
};

/**
 * A VERIS-style record (VERIS 1.3.x field names: `incident_id`, `timeline`, `action`, `asset`,
 * `attribute.confidentiality`, `discovery_method`, `plus`).
 *
 * @public
 */
export interface VerisIncident {
  readonly schema_version: string;
  readonly incident_id: string;
  readonly security_incident: 'Confirmed';
  readonly summary: string;
  readonly confidence: string;
  readonly timeline: {
    readonly incident: { readonly year: number; readonly month?: number; readonly day?: number };
    readonly discovery?: { readonly unit: string; readonly value: number };
    readonly containment?: { readonly unit: string; readonly value: number };
  };
  readonly action: Readonly<Record<string, { readonly variety: readonly string[] }>>;
  readonly asset: { readonly assets: ReadonlyArray<{ readonly variety: string; readonly amount: number }> };
  readonly attribute: {
    readonly confidentiality: {
      readonly data_disclosure: 'Yes' | 'Potentially';
      readonly data_total: number;
      readonly data: ReadonlyArray<{ readonly variety: string; readonly amount: number }>;
      readonly data_victim: readonly string[];
    };
  };
  readonly discovery_method: { readonly unknown: { readonly variety: readonly string[] } };
  readonly reference: string;
  readonly plus: Readonly<Record<string, unknown>>;
}

const HOUR = 3_600_000;
function span(from: string | undefined, to: string | undefined): { unit: string; value: number } | undefined {
  if (from === undefined || to === undefined) return undefined;
  const hours = (Date.parse(to) - Date.parse(from)) / HOUR;
  if (hours < 24) return { unit: 'Hours', value: Math.round(hours) };
  return { unit: 'Days', value: Math.round(hours / 24) };
}

/**
 * Exports an incident in the shape of a VERIS record, with our extra facts under `plus`.
 *
 * @example
 * ```ts
 * import { toVeris } from '@aisle/incidents';
 *
 * toVeris(incident).attribute.confidentiality.data_total; // people affected
 * ```
 *
 * @public
 */
export function toVeris(incident: Incident): VerisIncident {
  const r = incident.record;
  const d = localParts(r.occurredAt ?? r.discovered.at, r.zone);
  const action = VERIS_ACTION[r.cause.category];
  const discovery = span(r.occurredAt, r.discovered.at);
  const containment = span(r.discovered.at, r.containment[0]?.at);
  return {
    schema_version: '1.3.7',
    incident_id: r.id,
    security_incident: 'Confirmed',
    summary: r.summary,
    confidence: r.cause.known ? 'High' : 'Medium',
    timeline: {
      incident: { year: d.year, month: d.month, day: d.day },
      ...(discovery === undefined ? {} : { discovery }),
      ...(containment === undefined ? {} : { containment }),
    },
    action: { [action]: { variety: [r.cause.subcategory ?? 'Unknown'] } },
    asset: { assets: r.systems.map((s) => ({ variety: `Unknown - ${s.name}`, amount: 1 })) },
    attribute: {
      confidentiality: {
        data_disclosure: r.cause.known ? 'Yes' : 'Potentially',
        data_total: r.personalInformation.people,
        data: r.personalInformation.categories.map((variety) => ({ variety, amount: r.personalInformation.people })),
        data_victim: ['Customer'],
      },
    },
    discovery_method: { unknown: { variety: ['Unknown'] } },
    reference: r.id,
    plus: {
      cn_grade: gradeCN(r).grade,
      gbt_20986_category: r.cause.category,
      records: r.personalInformation.records,
      sensitive_people: r.personalInformation.sensitivePeople,
      minors: r.personalInformation.minors,
      cross_border: r.crossBorder,
      status: r.status,
    },
  };
}
