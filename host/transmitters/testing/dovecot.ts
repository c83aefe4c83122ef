/**
 * Test support: Debian's dovecot as a real IMAP server on 127.0.0.1, configured in a temporary folder for one test run
 * (passwd-file users, maildir), run in the foreground as a child process (`dovecot -F -c conf`) and stopped by its
 * process id. As root (CI) the login processes run as dovenull and mail as the dovecot user (dovecot refuses mail
 * access as root); as another user everything runs as that user. Only tests import this module.
 */
import { chownSync, chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { freePort, hasBinary, startChild, waitForPort, type Child } from './processes';

export function dovecotMissing(): string | undefined {
  if (!hasBinary('dovecot')) return 'dovecot non installato (apt-get install dovecot-imapd)';
  return undefined;
}

export interface DovecotServer {
  port: number;
  dir: string;
  child: Child;
  stop(): Promise<void>;
}

function idOf(user: string): { uid: number; gid: number } | undefined {
  const u = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  if (u.status !== 0 || g.status !== 0) return undefined;
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/**
 * Starts dovecot with the given users (address -> password), in a folder of its own under the system's temporary
 * folder (the mail and auth processes, not root, must be able to reach it: a test's own 0700 folder would not do).
 */
export async function startDovecot(users: Record<string, string>): Promise<DovecotServer> {
  const dir = mkdtempSync(join(tmpdir(), 'fatturadesk-dovecot-'));
  const root = process.getuid?.() === 0;
  const me = userInfo();
  const mailUser = root ? 'dovecot' : me.username;
  const mailIds = root ? idOf('dovecot') : { uid: me.uid, gid: me.gid };
  if (!mailIds) throw new Error('utente dovecot non trovato');
  for (const d of ['', 'run', 'state', 'home']) mkdirSync(join(dir, d), { recursive: true });
  // The mail processes (not root) must be able to reach their home folders.
  chmodSync(dir, 0o755);
  if (root) chownSync(join(dir, 'home'), mailIds.uid, mailIds.gid);
  writeFileSync(join(dir, 'passwd'), Object.entries(users).map(([u, p]) => `${u}:{PLAIN}${p}::::::\n`).join(''));
  const port = await freePort();
  const conf = `
base_dir = ${join(dir, 'run')}
state_dir = ${join(dir, 'state')}
log_path = ${join(dir, 'dovecot.log')}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = ${root ? 'dovenull' : me.username}
default_internal_user = ${root ? 'dovecot' : me.username}
first_valid_uid = ${Math.min(mailIds.uid, 1) || 1}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${join(dir, 'passwd')}
}
userdb {
  driver = static
  args = uid=${mailUser} gid=${root ? 'dovecot' : me.gid} home=${join(dir, 'home')}/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }${root ? '' : '\n  chroot ='}
}
${root ? '' : 'service anvil {\n  chroot =\n}\n'}`;
  writeFileSync(join(dir, 'dovecot.conf'), conf);
  const child = startChild('dovecot', ['-F', '-c', join(dir, 'dovecot.conf')]);
  await waitForPort(port, 20_000, child.proc);
  return {
    port,
    dir,
    child,
    stop: async () => {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
