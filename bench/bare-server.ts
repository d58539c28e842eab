/**
 * The latency reference: a bare Node HTTP server answering every request with the recorded
 * status, headers and body of one host answer. Run as a child: prints BARE_URL=<url>.
 */
import fs from 'node:fs';
import http from 'node:http';

export interface RecordedAnswer {
  status: number;
  headers: Record<string, string>;
  bodyBase64: string;
}

const answer = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as RecordedAnswer;
const body = Buffer.from(answer.bodyBase64, 'base64');

const server = http.createServer((request, response) => {
  // Read the request body (if any) as the host does, then answer the same bytes.
  request.resume();
  request.once('end', () => {
    response.writeHead(answer.status, answer.headers);
    response.end(body);
  });
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`BARE_URL=http://127.0.0.1:${address.port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
