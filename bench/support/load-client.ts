/**
 * The load generator of `bench:api`, run in a process of its own (so it does not share the server's
 * event loop): autocannon with one signed-in session cookie per connection. Reads its task as JSON
 * from argv[2], prints autocannon's result as JSON on stdout.
 */
import autocannon from 'autocannon';

interface LoadTask {
  url: string;
  cookies: string[];
  connections: number;
  durationSeconds: number;
}

const task = JSON.parse(process.argv[2] ?? '{}') as LoadTask;
let next = 0;
const result = await autocannon({
  url: task.url,
  connections: task.connections,
  duration: task.durationSeconds,
  // Each connection is one signed-in client: its own session cookie for its whole life.
  setupClient: (client) => {
    client.setHeaders({ cookie: task.cookies[next++ % task.cookies.length] ?? '', accept: 'application/json' });
  },
});
process.stdout.write(JSON.stringify({
  requestsPerSecond: result.requests.average,
  latencyP50: result.latency.p50,
  latencyP99: result.latency.p99,
  requests: result.requests.total,
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
}));
