/**
 * A port nothing listens on right now, for the demo's loopback redirect URI. The URI must be
 * registered with the practice server before the wizard's own listener opens it, so the port
 * is chosen first (bind to 0, read it, let go); the small race is harmless: if another program
 * takes it meanwhile, the wizard says so and a paste still works.
 */
import { createServer } from 'node:net';

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
