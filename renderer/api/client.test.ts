import { describe, expect, it } from 'vitest';
import { ApiError, call, setTransport } from './client';
import { electronTransport, httpTransport, TOKEN_HEADER } from './transport';
import { takeTokenFromLocation, TOKEN_KEY } from './token';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

describe('http transport', () => {
  it('posts JSON to /api/<method> with the session token and returns the result', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return new Response(JSON.stringify({ ok: true, result: [{ file: 'a.fdesk', name: 'Alfa', partitaIva: '1' }] }));
    }) as unknown as typeof fetch;
    setTransport(httpTransport({ baseUrl: 'http://127.0.0.1:9', token: () => 'sekret', fetch: fakeFetch }));
    const list = await call('companies.list', {});
    expect(list[0]!.name).toBe('Alfa');
    expect(seen[0]!.url).toBe('http://127.0.0.1:9/api/companies.list');
    expect(seen[0]!.init.method).toBe('POST');
    expect((seen[0]!.init.headers as Record<string, string>)[TOKEN_HEADER]).toBe('sekret');
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual({});
  });

  it('turns {ok:false} into an ApiError with code, fix and the field errors', async () => {
    const error = {
      code: 'CLIENTE_NON_VALIDO',
      message: 'Il cliente ha dati non validi.',
      fix: 'Correggi i campi.',
      details: [
        { field: 'partitaIva', code: 'PARTITA_IVA_NON_VALIDA', message: 'La partita IVA non è valida.', fix: 'Ricontrolla le cifre.' },
        { field: 'address.cap', code: 'CAP_NON_VALIDO', message: 'Il CAP italiano deve avere 5 cifre.' },
      ],
    };
    const fakeFetch = (async () => new Response(JSON.stringify({ ok: false, error }), { status: 400 })) as unknown as typeof fetch;
    setTransport(httpTransport({ baseUrl: '', token: () => null, fetch: fakeFetch }));
    const err = await call('customers.get', { id: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const api = err as ApiError;
    expect(api.code).toBe('CLIENTE_NON_VALIDO');
    expect(api.fix).toBe('Correggi i campi.');
    expect(api.fieldErrors().map((f) => f.field)).toEqual(['partitaIva', 'address.cap']);
    expect(api.fieldErrors()[0]!.fix).toBe('Ricontrolla le cifre.');
  });

  it('maps zod issues of argument validation to fields, without the argument wrapper', () => {
    const e = new ApiError({
      code: 'ARGOMENTI_NON_VALIDI',
      message: 'Dati non validi',
      field: 'company.sede.cap',
      details: [{ path: 'company.sede.cap', message: 'Al massimo 5 caratteri' }],
    });
    expect(e.fieldErrors('company.')).toEqual([{ field: 'sede.cap', code: 'ARGOMENTI_NON_VALIDI', message: 'Al massimo 5 caratteri', fix: undefined }]);
  });

  it('uses the single field of an error when there are no details', () => {
    const e = new ApiError({ code: 'NUMERO_GIA_USATO', message: 'Il numero 7 è già usato.', field: 'number', fix: 'Usa il numero proposto.' });
    expect(e.fieldErrors()).toEqual([{ field: 'number', code: 'NUMERO_GIA_USATO', message: 'Il numero 7 è già usato.', fix: 'Usa il numero proposto.' }]);
  });

  it('reports an unreachable host as an Italian error instead of a raw TypeError', async () => {
    const fakeFetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    setTransport(httpTransport({ baseUrl: '', token: () => 't', fetch: fakeFetch }));
    const err = (await call('app.info', {}).catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('HOST_NON_RAGGIUNGIBILE');
    expect(err.message).toContain('FatturaDesk non risponde');
  });

  it('reports a non-JSON answer as an error', async () => {
    const fakeFetch = (async () => new Response('<html>502</html>', { status: 502 })) as unknown as typeof fetch;
    setTransport(httpTransport({ baseUrl: '', token: () => 't', fetch: fakeFetch }));
    const err = (await call('app.info', {}).catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('HOST_NON_RAGGIUNGIBILE');
    expect(err.message).toContain('502');
  });
});

describe('electron transport', () => {
  it('calls the bridge function named like the method', async () => {
    const bridge = { 'banks.list': async (args: unknown) => ({ ok: true, result: [{ id: 1, args }] }) };
    setTransport(electronTransport(bridge));
    const banks = await call('banks.list', {});
    expect(banks).toEqual([{ id: 1, args: {} }]);
  });

  it('answers an unknown method with an error, not a crash', async () => {
    setTransport(electronTransport({}));
    const err = (await call('banks.list', {}).catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('METODO_SCONOSCIUTO');
  });
});

describe('session token from the URL fragment', () => {
  it('stores #token=... in sessionStorage and removes it from the address bar', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const token = takeTokenFromLocation({
      location: { hash: '#token=abc123', pathname: '/', search: '' },
      history: { replaceState: (_d: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
      storage,
    });
    expect(token).toBe('abc123');
    expect(storage.getItem(TOKEN_KEY)).toBe('abc123');
    expect(replaced).toEqual(['/#/']);
  });

  it('keeps the stored token on a reload without a fragment and leaves the URL alone', () => {
    const storage = memoryStorage();
    storage.setItem(TOKEN_KEY, 'old');
    const replaced: string[] = [];
    const token = takeTokenFromLocation({
      location: { hash: '#/documenti', pathname: '/', search: '' },
      history: { replaceState: (_d: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
      storage,
    });
    expect(token).toBe('old');
    expect(replaced).toEqual([]);
  });
});
