/**
 * The far end of a proxy tunnel: an https server on 127.0.0.1 presenting a certificate for a
 * host name that does not resolve anywhere, signed by a throwaway CA made for the test run (the
 * kind a TLS-inspecting company proxy has you put in NODE_EXTRA_CA_CERTS). It forwards every
 * request to a loopback emulator, so the service answers exactly as in the other tests.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';

export interface TestCertificates {
  /** The CA's certificate (PEM file): what NODE_EXTRA_CA_CERTS names. */
  readonly caFile: string;
  readonly key: Buffer;
  readonly cert: Buffer;
  remove(): void;
}

/** A CA and a server certificate for `hostName` signed by it, made with the openssl command. */
export function makeTestCertificates(hostName: string): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'reauth-test-ca-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the openssl command is not installed' : String((error as { stderr?: Buffer }).stderr ?? error);
      throw new Error(`could not make the test certificates (${reason})`);
    }
  };
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ecKey, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=reauth test proxy CA (throwaway)',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', ...ecKey, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', `/CN=${hostName}`);
  writeFileSync(file('server.ext'), `subjectAltName=DNS:${hostName}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n`);
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-set_serial', `0x${randomBytes(8).toString('hex')}`,
    '-days', '2', '-extfile', file('server.ext'), '-out', file('server.pem'));
  return {
    caFile: file('ca.pem'),
    key: readFileSync(file('server.key')),
    cert: readFileSync(file('server.pem')),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TlsEndpoint {
  readonly port: number;
  /** Each request that arrived: the name the client asked for in TLS (SNI), its Host header, method and path. */
  readonly requests: { servername: string; host: string; method: string; path: string }[];
  close(): Promise<void>;
}

/** https on 127.0.0.1 with `certificates`, forwarding each request to `origin` (http://127.0.0.1:PORT). */
export async function startTlsEndpoint(certificates: Pick<TestCertificates, 'key' | 'cert'>, origin: string): Promise<TlsEndpoint> {
  const requests: TlsEndpoint['requests'] = [];
  const sockets = new Set<Socket>();
  const server = createServer({ key: certificates.key, cert: certificates.cert }, (req, res) => {
    const servername = (req.socket as TLSSocket).servername;
    requests.push({ servername: typeof servername === 'string' ? servername : '', host: req.headers.host ?? '', method: req.method ?? '', path: req.url ?? '' });
    const upstream = httpRequest(new URL(req.url ?? '/', origin), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client that refuses the certificate just hangs up; that is not this server's problem.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
