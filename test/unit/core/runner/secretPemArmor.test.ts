import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SecretMasker } from '../../../../src/core/runner/masking/SecretMasker.js';

const body = ['MIIBszCCAVmgAwIBAgIUX2y1n0vq7cJ3Lw0aBq9Yk8sXKzUwCgYIKoZIzj0EAwIw', 'EjEQMA4GA1UEAwwHdGVzdC1jYTAeFw0yNjAxMDEwMDAwMDBaFw0zNjAxMDEwMDAw'];
const pem = `-----BEGIN CERTIFICATE-----\n${body.join('\n')}\n-----END CERTIFICATE-----`;

test('PEM secret: body lines printed alone are masked, the armor lines (public, in every PEM file) are not', () => {
  const m = new SecretMasker([pem]);
  assert.equal(m.mask(`line: ${body[1]}\n`), 'line: ***\n');
  assert.equal(m.mask(pem), '***');
  assert.equal(m.mask('-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----'), '-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----');
});

test('PEM secret: its armor lines do not shrink the skip window the scan uses for the other secrets', () => {
  const token = 'sk-live-3-ffdc450e4c35a5a9ec068b7d';
  const m = new SecretMasker([pem, token]);
  assert.equal(m.automaton!.window, token.length);
  assert.equal(m.mask(`token=${token}`), 'token=***');
});
