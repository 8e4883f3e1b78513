/**
 * An e-mail notice in Vietnamese, then English: the subject "vi / en", the body the Vietnamese text,
 * a rule, the English text. Notices of holds and of inter-library requests are written this way.
 */
import { translator } from '../i18n/index.js';
import type { Mail } from './mailer.js';

export function bilingualMail(
  to: string,
  keys: { subject: string; body: string },
  params: Record<string, unknown>,
): Mail {
  const [vi, en] = [translator('vi'), translator('en')];
  return {
    to,
    subject: `${vi(keys.subject, params)} / ${en(keys.subject, params)}`,
    text: `${vi(keys.body, params)}\n\n---\n\n${en(keys.body, params)}\n`,
  };
}
