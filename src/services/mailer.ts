/**
 * E-mail out, where a province configured SMTP (SMTP_URL): the only code that speaks to an SMTP
 * server. A message that cannot be sent is logged, never thrown at the person whose action caused it.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../log.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<boolean>;
}

export function createMailer(smtpUrl: string | null, from: string, log: Logger): Mailer | null {
  if (!smtpUrl) return null;
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      try {
        await transport.sendMail({ from, ...mail });
        return true;
      } catch (err) {
        log.warn({ err, to: mail.to }, 'an e-mail notice could not be sent');
        return false;
      }
    },
  };
}
