import { localParts } from '@aisle/core';
import { countPurchases, type Normalised, type Profile, readField } from '../profile';
import { civil, monthDay } from './calendar';
import type { Plan } from './plan';
import { compare, not, type Truth } from './three-valued';

/** Compiles a plan into a closure over one profile, with three-valued logic. */
export function compilePlan(plan: Plan): (p: Profile) => Truth {
  switch (plan.k) {
    case 'and': {
      const xs = plan.xs.map(compilePlan);
      return (p) => {
        let unknown = false;
        for (const x of xs) {
          const v = x(p);
          if (v === false) return false;
          if (v === null) unknown = true;
        }
        return unknown ? null : true;
      };
    }
    case 'or': {
      const xs = plan.xs.map(compilePlan);
      return (p) => {
        let unknown = false;
        for (const x of xs) {
          const v = x(p);
          if (v === true) return true;
          if (v === null) unknown = true;
        }
        return unknown ? null : false;
      };
    }
    case 'not': {
      const x = compilePlan(plan.x);
      return (p) => not(x(p));
    }
    case 'cmp':
      return (p) => {
        const v = readField(p, plan.f, plan.t) as Exclude<Normalised, ReadonlySet<string>>;
        return v === null ? null : compare(v, plan.op, plan.v);
      };
    case 'in': {
      const set = new Set<unknown>(plan.vs);
      return (p) => {
        const v = readField(p, plan.f, plan.t);
        return v === null ? null : set.has(v);
      };
    }
    case 'null':
      return (p) => readField(p, plan.f, plan.t) === null;
    case 'tag':
      return (p) => {
        const raw = Object.hasOwn(p.attributes, plan.f) ? p.attributes[plan.f] : undefined;
        // Fast path for the common array form; anything else goes through full validation.
        if (Array.isArray(raw) && raw.every((t) => typeof t === 'string')) return raw.includes(plan.tag);
        return (readField(p, plan.f, 'tags') as ReadonlySet<string>).has(plan.tag);
      };
    case 'bought':
      return (p) => compare(countPurchases(p, plan.by, plan.since), plan.op, plan.n);
    case 'anniv':
      return (p) => {
        const v = readField(p, plan.f, plan.t) as number | null;
        if (v === null) return null;
        return v < plan.before && plan.keys.includes(anniversaryKey(v, plan.t, plan.zone));
      };
  }
}

/** Month × 100 + day of a `day` value (a day number) or of a `date` value's local date in `zone`. */
export function anniversaryKey(v: number, t: 'date' | 'day', zone: string): number {
  if (t === 'day') {
    const [, m, d] = civil(v);
    return monthDay(m, d);
  }
  const p = localParts(v, zone);
  return monthDay(p.month, p.day);
}
