// One answer to "is this a CI run?" for every test layer and harness (bash mirror: test/infra/with-engines.sh).
// CI services spell it CI=true, CI=1, CI=yes…; an unset, empty, 'false' or '0' CI is a local run.

/** True when `CI` is set to anything but '', 'false' or '0' (any case). */
export function isCI(env = process.env) {
  const value = String(env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== 'false' && value !== '0';
}
