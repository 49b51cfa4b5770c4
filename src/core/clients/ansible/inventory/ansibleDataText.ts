// How Ansible's DataLoader reads an inventory or vars file before YAML: `json.loads` first (so `1e3`
// is a number and `NaN`/`Infinity` are floats in a JSON file), then PyYAML, whose timestamps
// `ansible-inventory` prints as Python's `isoformat()` (`2001-12-14T21:59:43.100000-05:00`).
import { parse as parseYaml, type ScalarTag, type Tags } from 'yaml';
import { PyNumber } from './pyNumber.js';

// Python's json.loads takes NaN, Infinity and -Infinity besides strict JSON.
const PY_JSON_CONSTANTS = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g;
const pyJsonConstant: ScalarTag = {
  identify: (v) => typeof v === 'number' && !Number.isFinite(v),
  default: true,
  tag: 'tag:yaml.org,2002:float',
  test: /^(?:NaN|-?Infinity)$/,
  resolve: (str) => (str === 'NaN' ? NaN : str.startsWith('-') ? -Infinity : Infinity),
};

// json.loads makes a number without `.`/exponent an int of any size, and any other a float.
const pyJsonInt: ScalarTag = { identify: () => false, default: true, tag: 'tag:yaml.org,2002:int', test: /^-?(?:0|[1-9][0-9]*)$/, resolve: (str) => PyNumber.int(BigInt(str)) };
const pyJsonFloat: ScalarTag = {
  identify: () => false,
  default: true,
  tag: 'tag:yaml.org,2002:float',
  test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/,
  resolve: (str) => PyNumber.float(Number(str)),
};

/** The data of `text` when Python's json.loads would read it (key order kept), else undefined. */
export function parsePythonJson(text: string, mapAsMap: boolean): { value: unknown } | undefined {
  const first = text.trimStart()[0];
  // Only documents that can be JSON at all are tried (the common YAML file costs one character test).
  if (first !== '{' && first !== '[' && first !== '"' && !/^\s*(?:-?[\d]|true|false|null|NaN|-?Infinity)/.test(text)) return undefined;
  try {
    JSON.parse(text.replace(PY_JSON_CONSTANTS, (m) => (m[0] === '"' ? m : '0')));
  } catch {
    return undefined;
  }
  // Valid JSON: read it with the JSON schema (numbers as JSON has them) to keep mapping order in Maps.
  const tags = (t: Tags): Tags => [pyJsonConstant, pyJsonInt, pyJsonFloat, ...t];
  return { value: parseYaml(text, { version: '1.2', schema: 'json', customTags: tags, uniqueKeys: false, mapAsMap, maxAliasCount: -1 }) };
}

const TIMESTAMP = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?$/;
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** PyYAML's timestamp constructor followed by Python's `isoformat()`; throws on an impossible date. */
export function pyTimestampIso(text: string): string {
  const m = TIMESTAMP.exec(text);
  if (!m) throw new Error(`not a timestamp: ${text}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || check.getUTCDate() !== day) throw new Error(`day is out of range for month: ${text}`);
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (m[4] === undefined) return date;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (hour > 23 || minute > 59 || second > 59) throw new Error(`time out of range: ${text}`);
  const micro = Number((m[7] ?? '').slice(0, 6).padEnd(6, '0'));
  let out = `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}${micro ? `.${pad(micro, 6)}` : ''}`;
  if (m[8] === 'Z') out += '+00:00';
  else if (m[9]) {
    const minutes = Number(m[10]) * 60 + Number(m[11] ?? 0);
    const sign = m[9] === '-' && minutes ? '-' : '+';
    out += `${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  }
  return out;
}

/** PyYAML's implicit timestamp resolver (YAML 1.1), producing the isoformat text. */
export const pyTimestamp: ScalarTag = {
  identify: () => false,
  default: true,
  tag: 'tag:yaml.org,2002:timestamp',
  test: /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,
  resolve: (str) => pyTimestampIso(str),
};
