/**
 * A local stand-in for the Commission's VIES REST service (POST /check-vat-number), so browser tests never touch the
 * network: known numbers answer with a name and an address as VIES prints them, one number answers "member state
 * unavailable", anything else is "not valid".
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ViesStub {
  url: string;
  requests: { countryCode?: string; vatNumber?: string }[];
  close(): Promise<void>;
}

export const VIES_KNOWN: Record<string, { name: string; address: string }> = {
  IT01234567897: { name: 'ROSSI FORNITURE INDUSTRIALI S.R.L.', address: 'VIA DEI MILLE 12/B \n20121 MILANO MI' },
};
/** A valid P.IVA for which the stub answers MS_UNAVAILABLE. */
export const VIES_DOWN_NUMBER = '12345678903';

export async function startViesStub(): Promise<ViesStub> {
  const requests: ViesStub['requests'] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      let body: { countryCode?: string; vatNumber?: string } = {};
      try {
        body = JSON.parse(raw || '{}');
      } catch {
        // answered below as an unknown number
      }
      requests.push(body);
      res.setHeader('content-type', 'application/json');
      if (!req.url?.endsWith('/check-vat-number')) {
        res.statusCode = 404;
        return res.end('{}');
      }
      if (body.vatNumber === VIES_DOWN_NUMBER) {
        res.statusCode = 503;
        return res.end(JSON.stringify({ actionSucceed: false, errorWrappers: [{ error: 'MS_UNAVAILABLE', message: 'down' }] }));
      }
      const known = VIES_KNOWN[`${body.countryCode}${body.vatNumber}`];
      res.end(
        JSON.stringify(
          known
            ? { countryCode: body.countryCode, vatNumber: body.vatNumber, valid: true, name: known.name, address: known.address }
            : { countryCode: body.countryCode, vatNumber: body.vatNumber, valid: false, name: '---', address: '---' },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
