import { describe, expect, it } from 'vitest';
import { classifyMailError } from './smtp';

const err = (props: Record<string, unknown>) => Object.assign(new Error(String(props.message ?? 'errore')), props);

describe('classifyMailError', () => {
  it('maps nodemailer errors to what the share queue does with them', () => {
    expect(classifyMailError(err({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })).kind).toBe('temporary');
    expect(classifyMailError(err({ code: 'ETIMEDOUT' })).kind).toBe('temporary');
    expect(classifyMailError(err({ code: 'EDNS' })).kind).toBe('temporary');
    expect(classifyMailError(err({ code: 'EAUTH', responseCode: 535 })).kind).toBe('auth');
    expect(classifyMailError(err({ code: 'EENVELOPE', responseCode: 550, permanent: true })).kind).toBe('rejected');
    expect(classifyMailError(err({ code: 'EENVELOPE', responseCode: 451 })).kind).toBe('temporary');
    expect(classifyMailError(err({ code: 'EMESSAGE', responseCode: 503 })).kind).toBe('temporary');
    expect(classifyMailError(err({ code: 'ETLS' })).kind).toBe('config');
    const e = classifyMailError(err({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:2525' }));
    expect(e.message).toContain('[ESOCKET ECONNREFUSED]');
    expect(e.detail).toBe('ESOCKET');
  });
});
