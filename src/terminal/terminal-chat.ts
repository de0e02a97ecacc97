import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { extname } from 'node:path';
import type { Chat, Directory, Message, Person, Posted, ReplyTarget, Upload } from '../domain/chat.js';
import { wordsFor, type Words } from '../i18n/index.js';
import { environmentLocale, type Locale } from '../i18n/locale.js';
import type { MarkupStyle } from './mrkdwn.js';
import { renderMessage, type TerminalButton } from './render.js';

/** East Asian wide characters (kana, kanji, full-width forms) take two columns of a terminal. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
const columns = (text: string): number => [...text].reduce((n, c) => n + (WIDE.test(c) ? 2 : 1), 0);

/** The chat as the terminal adapter shows it: every post, update, private reply and upload printed as it happens. */
export class TerminalChat implements Chat {
  private counter = 0;
  /** Buttons shown so far, numbered from 1, so a person can press one by typing its number. */
  readonly buttons: TerminalButton[] = [];

  constructor(
    private readonly write: (text: string) => void,
    private readonly style: MarkupStyle = 'plain',
    /** The terminal's language, for the adapter's own words around each message. */
    private readonly t: Words = wordsFor('en'),
  ) {}

  private show(prefix: string, channel: string, ts: string, message: Message): void {
    const { lines, buttons } = renderMessage(message, this.style);
    const labels = buttons.map((b) => {
      this.buttons.push({ ...b, channel, messageTs: ts });
      return `[${this.buttons.length}] ${b.label}`;
    });
    const text = [...lines, ...(labels.length ? [`${labels.join('  ')}   ${this.t('terminal.pressHint')}`] : [])];
    this.write(
      text.map((line, i) => (i === 0 ? `${prefix}${line}` : `${' '.repeat(columns(prefix))}${line}`)).join('\n'),
    );
  }

  async post(channel: string, message: Message, threadTs?: string): Promise<Posted> {
    const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.counter).padStart(6, '0')}`;
    this.show(threadTs ? '   ↳ ' : '', channel, ts, message);
    return { channel, ts, permalink: `terminal:${channel}/${ts}` };
  }

  /** Tags live as long as the process: after a restart the earlier output is gone from the screen, so it is shown again. */
  private readonly tagged = new Map<string, Posted>();

  async postTagged(channel: string, message: Message, key: string): Promise<Posted> {
    const posted = await this.post(channel, message);
    this.tagged.set(key, posted);
    return posted;
  }

  async findTagged(_channel: string, key: string): Promise<Posted | undefined> {
    return this.tagged.get(key);
  }

  async update(channel: string, ts: string, message: Message): Promise<void> {
    this.show('   ✎ ', channel, ts, message);
  }

  async whisper(target: ReplyTarget, message: Message): Promise<void> {
    this.show(`${this.t('terminal.onlyYou')} `, target.channel, `${Date.now()}`, message);
  }

  /** A terminal shows no images: the file is named, with its size and type. */
  async upload(_channel: string, file: Upload): Promise<void> {
    const kind = extname(file.filename).slice(1).toUpperCase() || this.t('terminal.uploadKind');
    this.write(`   📎 ${this.t('terminal.upload', { title: file.title, bytes: file.data.length, kind })}`);
  }
}

const gitConfig = (key: string): string | undefined => {
  try {
    return (
      execFileSync('git', ['config', '--get', key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() ||
      undefined
    );
  } catch {
    return undefined;
  }
};

/**
 * The person at the terminal: their git identity authors the commits, and their language is the terminal's
 * (LC_ALL, LC_MESSAGES, LANG; none Kanaria speaks leaves kanaria.yaml's defaults to choose).
 */
export class LocalDirectory implements Directory {
  private readonly me: Person;
  constructor(userId: string, locale: Locale | undefined = environmentLocale(process.env)) {
    const name = gitConfig('user.name') ?? userInfo().username;
    const email = gitConfig('user.email');
    this.me = { id: userId, name, ...(email && { email }), ...(locale && { locale }), groups: [] };
  }
  async identify(userId: string): Promise<Person> {
    return { ...this.me, id: userId };
  }
}
