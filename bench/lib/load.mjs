// A load generator in its own process (so it does not share the server's event loop): autocannon on
// loopback, the request paths taken in turn from a list, every 200 answer's latency kept for exact
// percentiles. `node bench/lib/load.mjs CONFIG.json` prints one JSON line.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import autocannon from 'autocannon';

const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let next = 0;
const latencies = [];
const statuses = {};
const instance = autocannon({
  url: cfg.url,
  connections: cfg.connections,
  duration: cfg.duration,
  timeout: cfg.timeout ?? 30,
  headers: { cookie: cfg.cookie },
  requests: [{ setupRequest: (req) => ({ ...req, path: cfg.paths[next++ % cfg.paths.length] }) }],
});
instance.on('response', (_client, status, _bytes, ms) => {
  statuses[status] = (statuses[status] ?? 0) + 1;
  if (status === 200) latencies.push(ms);
});
instance.on('done', (r) => {
  process.stdout.write(
    JSON.stringify({ latencies, statuses, errors: r.errors, timeouts: r.timeouts, seconds: r.duration }) +
      '\n',
  );
});
