import { describe, expect, it } from 'vitest';
import { MIN_VAULT_PASSWORD_SCORE, passwordStrength } from './password-strength';

describe('passwordStrength', () => {
  it('scores common patterns low and long random or passphrase passwords high', () => {
    const score = (p: string) => passwordStrength(p).score;
    for (const weak of ['', 'abc', 'password', 'Password1!', 'qwerty123456', 'aaaaaaaaaaaa', 'Juventus1897', 'Cassaforte2025!', '1234567890']) {
      expect(score(weak), weak).toBeLessThan(MIN_VAULT_PASSWORD_SCORE);
    }
    for (const strong of ['Trapano-Viola!Nuvola-83', 'cavallo batteria graffetta corretto', 'x8G!t2pQ#4mLz', 'Zanzara.Lampada.Fiume']) {
      expect(score(strong), strong).toBe(4);
      expect(passwordStrength(strong).acceptable, strong).toBe(true);
    }
  });

  it('caps short passwords whatever their alphabet', () => {
    expect(passwordStrength('x8G!t2p').score).toBeLessThanOrEqual(1);
    expect(passwordStrength('x8G!t2pQ#').score).toBeLessThanOrEqual(2);
    expect(passwordStrength('x8G!t2pQ#').acceptable).toBe(false);
  });

  it('counts the company’s own name and numbers as guessable', () => {
    const inputs = ['Officine Meccaniche Bresciane S.r.l.', '01234567897'];
    const withName = passwordStrength('Bresciane01234567897', inputs);
    const without = passwordStrength('Bresciane01234567897');
    expect(withName.bits).toBeLessThan(without.bits);
    expect(withName.hints.join(' ')).toContain('dati dell’azienda');
  });

  it('gives Italian hints that never quote the password', () => {
    for (const p of ['Password2024', 'qwertyuiop', 'mariorossi', 'zzzzzzzzzz1']) {
      const s = passwordStrength(p);
      expect(s.hints.length).toBeGreaterThan(0);
      const text = s.hints.join(' ').toLowerCase();
      for (const piece of ['password', 'qwerty', 'mario', 'zzz', '2024']) if (p.toLowerCase().includes(piece)) expect(text).not.toContain(piece);
      expect(s.label).toMatch(/debole|Discreta/i);
    }
    expect(passwordStrength('Password2024').hints).toContain('Evita anni e date.');
  });
});
