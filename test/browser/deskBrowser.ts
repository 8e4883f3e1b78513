/**
 * A school's desk in a real browser (headless chromium), as the browser desk tests set it up: our
 * server, the school of test/support/deskSchool.ts (its librarian, a reader and a printed title),
 * the reader's library card, and the librarian's pages signed in through the login page.
 */
import type { BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium, signedInPage } from './chromium.js';
import { startTestServer, testContext } from '../support/context.js';
import { deskSchool, type DeskSchool } from '../support/deskSchool.js';
import type { TestPerson } from '../support/fixtures.js';

export interface BrowserDesk {
  url: string;
  school: DeskSchool;
  schoolId: string;
  librarian: TestPerson;
  /** The reader's library card number. */
  card: string;
  /** The librarian signed in, in a fresh context (Vietnamese unless `options` say otherwise). */
  signedIn(options?: BrowserContextOptions): Promise<Page>;
  /** The same, on the school's desk page. */
  deskPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

export async function browserDesk(names: { reader: string; title: string }): Promise<BrowserDesk> {
  const server = await startTestServer();
  const browser = await launchChromium();
  const school = await deskSchool(server.url, names);
  const { world, librarian, reader } = school;
  const schoolId = world.schoolA.id;
  const card = (await testContext().services.patrons.cardOf(librarian.actor, schoolId, reader.id)).number;
  const signedIn = (options: BrowserContextOptions = {}) => signedInPage(browser, server.url, librarian, options);
  return {
    url: server.url,
    school,
    schoolId,
    librarian,
    card,
    signedIn,
    async deskPage(options) {
      const page = await signedIn(options);
      await page.goto(`${server.url}/library/schools/${schoolId}/desk`);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
