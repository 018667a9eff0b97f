/**
 * A connection string with its password replaced by `***`, safe to print or log: URL form
 * (`postgres://user:secret@host/db`, `?password=` included) and key/value form
 * (`host=h password=secret`). Text that is neither is returned as `***` rather than risk it.
 *
 * @example
 * ```ts
 * import { redactConnectionString } from '@aisle/postgres';
 *
 * redactConnectionString('postgres://app:s3cret@db:5432/aisle'); // 'postgres://app:***@db:5432/aisle'
 * ```
 *
 * @public
 */
export function redactConnectionString(connection: string): string {
  if (typeof connection !== 'string') return '***';
  if (/^postgres(ql)?:\/\//i.test(connection)) {
    try {
      const url = new URL(connection);
      if (url.password !== '') url.password = '***';
      for (const key of [...url.searchParams.keys()]) if (/pass/i.test(key)) url.searchParams.set(key, '***');
      return url.toString().replace('%2A%2A%2A', '***');
    } catch {
      return '***';
    }
  }
  if (/^\s*\w+\s*=/.test(connection)) {
    return connection.replace(/(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/gi, '$1***');
  }
  return '***';
}

/** The password inside a connection string, to scrub from any message (empty when none). @internal */
export function passwordOf(connection: string): string {
  if (/^postgres(ql)?:\/\//i.test(connection)) {
    try {
      const url = new URL(connection);
      return decodeURIComponent(url.password || url.searchParams.get('password') || '');
    } catch {
      return '';
    }
  }
  const match = /\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/i.exec(connection);
  return match?.[1]?.replace(/^'|'$/g, '') ?? '';
}
