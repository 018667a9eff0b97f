// Finds every UTC-offset change of a zone in the runtime's Intl (ICU) data, to the second.
export function offsetSeconds(format, ms) {
  const text = format(new Date(ms)).split('GMT')[1] ?? '';
  if (text === '') return 0;
  const m = /^([+-])(\d\d):(\d\d)(?::(\d\d))?$/.exec(text);
  if (m === null) throw new Error(`unexpected offset text ${text}`);
  const s = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -s : s;
}

export function scanZone(zone, { from = Date.UTC(1800, 0, 1), to = Date.UTC(2100, 0, 1), step = 6 * 3_600_000 } = {}) {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).format;
  const at = (ms) => offsetSeconds(format, ms);
  const initial = at(from);
  const transitions = [];
  let prev = initial;
  for (let t = from + step; t <= to; t += step) {
    const cur = at(t);
    if (cur === prev) continue;
    let lo = t - step;
    let hi = t;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (at(mid) === prev) lo = mid;
      else hi = mid;
    }
    transitions.push([hi / 1000, cur]);
    prev = cur;
  }
  return { initial, transitions };
}
