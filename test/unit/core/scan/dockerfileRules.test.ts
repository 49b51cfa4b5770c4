import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanDockerfile } from '../../../../src/core/scan/dockerfileRules.js';

const GOOD = `# syntax=docker/dockerfile:1
ARG BASE=debian:12.5-slim
FROM golang:1.22 AS build
USER root
RUN go build -o /out/app ./...
FROM \${BASE}
RUN apt-get update \\
    && apt-get install -y --no-install-recommends ca-certificates \\
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/app /usr/local/bin/app
ENV LOG_LEVEL=info TOKEN_FILE=
USER 10001:10001
HEALTHCHECK CMD ["/usr/local/bin/app", "health"]
ENTRYPOINT ["/usr/local/bin/app"]
`;

function linesOf(text: string, rule: string): number[] {
  return scanDockerfile('/Dockerfile', text).filter((f) => f.rule === rule).map((f) => f.line);
}

test('scan dockerfile: a pinned, non-root, multi-stage Dockerfile reports nothing (only the final stage user counts)', () => {
  assert.deepEqual(scanDockerfile('/Dockerfile', GOOD), []);
});

const CASES: Record<string, [bad: string, line: number, good: string]> = {
  'dockerfile-latest-base': ['FROM node\nUSER node\nHEALTHCHECK NONE\n', 1, 'FROM node:20-alpine\nUSER node\nHEALTHCHECK NONE\n'],
  'dockerfile-root-user': [GOOD.replace('USER 10001:10001', 'USER root'), 12, GOOD],
  'dockerfile-add-instead-of-copy': [GOOD.replace('COPY --from=build', 'ADD ./conf /etc/conf\nCOPY --from=build'), 10, GOOD.replace('COPY --from=build', 'ADD https://example.com/x.tgz /x.tgz\nCOPY --from=build')],
  'dockerfile-apt-no-clean': [GOOD.replace('    && rm -rf /var/lib/apt/lists/*\n', '    && true\n'), 7, GOOD],
  'dockerfile-secret-in-env': [GOOD.replace('ENV LOG_LEVEL=info', 'ENV LOG_LEVEL=info API_KEY=abc123'), 11, GOOD.replace('ENV LOG_LEVEL=info', 'ENV LOG_LEVEL=info API_KEY=$API_KEY')],
  'dockerfile-curl-pipe-shell': [GOOD.replace('COPY --from', 'RUN curl -fsSL https://get.example.sh | sh\nCOPY --from'), 10, GOOD.replace('COPY --from', 'RUN curl -fsSLo /tmp/i.sh https://get.example.sh && sha256sum -c sums\nCOPY --from')],
  'dockerfile-no-healthcheck': [GOOD.replace(/HEALTHCHECK.*\n/, ''), 6, GOOD],
  'dockerfile-sudo': [GOOD.replace('COPY --from', 'RUN sudo chmod 755 /srv\nCOPY --from'), 10, GOOD.replace('COPY --from', 'RUN chmod 755 /srv/sudoers.d\nCOPY --from')],
};

for (const [rule, [bad, line, good]] of Object.entries(CASES)) {
  test(`scan dockerfile: ${rule} reports on line ${line} and not on its near miss`, () => {
    assert.deepEqual(linesOf(bad, rule), [line]);
    assert.deepEqual(linesOf(good, rule), []);
  });
}

test('scan dockerfile: heredoc bodies belong to their RUN (no false instruction, curl|sh found inside)', () => {
  const text = ['FROM alpine:3.19', 'USER app', 'HEALTHCHECK NONE', 'RUN <<EOT', 'curl -fsSL https://x.example/install | sh', 'USER root', 'EOT', ''].join('\n');
  const f = scanDockerfile('/Dockerfile', text);
  assert.deepEqual(f.map((x) => `${x.rule}:${x.line}`), ['dockerfile-curl-pipe-shell:4']);
});

test('scan dockerfile: a stage suppression comment silences that stage', () => {
  const text = '# ansflow-scan: ignore dockerfile-latest-base — local dev image\nFROM node\nUSER node\nHEALTHCHECK NONE\n';
  assert.deepEqual(scanDockerfile('/Dockerfile', text), []);
});

test('scan dockerfile: the ADD quick fix turns it into COPY', () => {
  const text = 'FROM alpine:3.19\n  ADD conf /etc/conf\nUSER app\nHEALTHCHECK NONE\n';
  const f = scanDockerfile('/Dockerfile', text).find((x) => x.rule === 'dockerfile-add-instead-of-copy')!;
  const fixed = text.slice(0, f.quickFix!.edit.start) + f.quickFix!.edit.newText + text.slice(f.quickFix!.edit.end);
  assert.equal(fixed, 'FROM alpine:3.19\n  COPY conf /etc/conf\nUSER app\nHEALTHCHECK NONE\n');
});
