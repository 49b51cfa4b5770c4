// Minimal HTTP service: `/` greets, `/healthz` answers ok. `--self-test` checks both and exits.
const http = require('node:http');

function handler(req, res) {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ message: 'hello from web', version: process.env.APP_VERSION || 'dev' }));
}

function selfTest() {
  const server = http.createServer(handler).listen(0, '127.0.0.1', async () => {
    const { port } = server.address();
    const get = (path) => fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.text());
    const ok = (await get('/healthz')) === 'ok' && JSON.parse(await get('/')).message === 'hello from web';
    console.log(ok ? 'self-test passed' : 'self-test FAILED');
    server.close();
    process.exitCode = ok ? 0 : 1;
  });
}

if (process.argv.includes('--self-test')) selfTest();
else http.createServer(handler).listen(Number(process.env.PORT || 8080), () => console.log('listening'));
