/**
 * Parents in the loop, in Chromium on the built app against the real server, with a real SMTP
 * server and a local server following Esendex's published API (docs/parents.md):
 * the admin imports contacts from a MIS export → a teacher marks three pupils `N` → the office
 * sends first-day messages to the three families (twice: the second time sends nothing) → the
 * SMTP server and the SMS stand-in receive exactly one message for each family → a parent asks
 * for a link, signs in with it and reports the absence → the office accepts it → the register
 * shows the reason, with the parent as the source in the history. The teacher's tablet, synced
 * after all that, holds no contact data in its IndexedDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ServerProcess } from '../process/serverProcess';
import { bodyOf, startSmtp } from '../server/smtpServer';
import { startEsendexStandIn } from '../server/esendexStandIn';
import { OfficePage } from './pages/OfficePage';
import { seriousViolations } from './support/axe';
import { PinPage } from './pages/PinPage';
import { SignInPage } from './pages/SignInPage';
import {
  connectChromium,
  openTablet,
  reportOnFailure,
  shutDown,
  type Tablet,
} from './support/browser';
import { startE2eServer } from './support/e2eServer';
import { HANNAH, returnToTabAndSync, signInAndChoosePin } from './support/flows';
import { eventually, OfficeApi } from './support/officeApi';
import { e2eSchoolDay } from './support/provided';
import {
  at,
  DEMO_PASSWORD,
  displayNameOf,
  groupOf,
  timesOf,
  uniquelyNamed,
} from './support/schoolDay';

const day = e2eSchoolDay();
let server: ServerProcess;
let browser: Browser;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let esendex: Awaited<ReturnType<typeof startEsendexStandIn>>;
let tablet: Tablet | undefined;
let desk: Tablet | undefined;
let phone: Tablet | undefined;

beforeAll(async () => {
  smtp = await startSmtp({ user: 'tickmark', pass: 'relay secret' });
  esendex = await startEsendexStandIn({
    reference: 'EX0099887',
    username: 'office@oakfield.example',
    password: 'api secret',
  });
  server = await startE2eServer({
    env: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_USER: 'tickmark',
      SMTP_PASSWORD: 'relay secret',
      MAIL_FROM: 'Oakfield Primary <office@oakfield.example>',
      ESENDEX_ACCOUNT_REFERENCE: 'EX0099887',
      ESENDEX_USERNAME: 'office@oakfield.example',
      ESENDEX_PASSWORD: 'api secret',
      ESENDEX_URL: esendex.url,
    },
  });
  browser = await connectChromium();
});

afterAll(async () => {
  await shutDown(browser, tablet, desk, phone);
  await smtp.close();
  await esendex.close();
});
reportOnFailure(() => ({ server, tablets: [tablet, desk, phone] }));

/** Everything in every IndexedDB database of the page, as one JSON text. */
async function indexedDbText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dump: Record<string, unknown> = {};
    for (const info of await indexedDB.databases()) {
      if (info.name === undefined) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name ?? '');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        dump[`${info.name}/${store}`] = await new Promise((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      }
      db.close();
    }
    return JSON.stringify(dump);
  });
}

describe('parents in the loop', () => {
  it('first-day messages once each, a parent’s report by emailed link, accepted into the register with the parent as source', async () => {
    const nursery = groupOf(day, 'N2');
    const times = timesOf(day, nursery, 'AM');
    const [ada, ben, cal] = uniquelyNamed(day, nursery);
    if (ada === undefined || ben === undefined || cal === undefined)
      throw new Error('The Nursery has too few pupils.');
    const contacts = [
      'UPN,Contact Name,Relationship,Parental Responsibility,Priority,Mobile,Email',
      `${ada.upn},Amira Khan,Mother,Y,1,07700 900001,amira@family.example`,
      `${ada.upn},Bilal Khan,Grandfather,N,2,07700 900011,`,
      `${ben.upn},Ciaran Doyle,Father,Y,1,07700 900002,ciaran@family.example`,
      `${cal.upn},Erin Lee,Mother,Y,1,07700 900003,`,
    ].join('\n');

    // The admin imports the MIS's contacts export (Admin → Contacts).
    desk = await openTablet(browser, server.origin, { time: at(day, times.registerCloses + 10) });
    await new SignInPage(desk.page).signIn('admin@oakfield.example', DEMO_PASSWORD);
    await new PinPage(desk.page).choosePin('4826');
    const page = desk.page;
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Admin' })
      .click();
    await page.getByRole('button', { name: 'Contacts', exact: true }).click();
    await page
      .getByLabel('CSV file to import')
      .setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(contacts) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('button', { name: /^Import \d+ rows?$/ }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor();

    // The teacher marks the three absent: N.
    tablet = await openTablet(browser, server.origin, { time: at(day, times.start + 2) });
    const register = await signInAndChoosePin(tablet, HANNAH);
    await register.waitUntilShown(nursery.name);
    for (const pupil of [ada, ben, cal]) {
      await register.markAbsent(displayNameOf(pupil));
      await register.waitForCode(displayNameOf(pupil), 'N');
    }
    await register.waitForWaiting(0);

    // The office sends first-day messages: email to the two with an address, a text to the third.
    const office = new OfficePage(page);
    await office.open();
    await office.openTab('Parents');
    const send = async (names: string[], channel: 'Email' | 'Text message') => {
      for (const name of names)
        await office.panel.getByRole('checkbox', { name: new RegExp(`^${name}`) }).check();
      await office.panel.getByRole('radio', { name: channel }).check();
      await office.panel.getByRole('button', { name: /^Send first-day messages/ }).click();
      await office.panel.getByRole('list', { name: 'Messages sent' }).waitFor();
      const results = await office.panel.getByRole('list', { name: 'Messages sent' }).innerText();
      for (const name of names)
        await office.panel.getByRole('checkbox', { name: new RegExp(`^${name}`) }).uncheck();
      return results;
    };
    const mailsBefore = smtp.received.length;
    expect(await send([displayNameOf(ada), displayNameOf(ben)], 'Email')).toMatch(
      /: sent\n.*: sent/,
    );
    expect(await send([displayNameOf(cal)], 'Text message')).toMatch(/: sent$/);
    // Pressed again (a retried batch): nothing is sent twice.
    expect(await send([displayNameOf(ada), displayNameOf(ben)], 'Email')).toMatch(
      /sent before: not sent again/,
    );
    expect(await send([displayNameOf(cal)], 'Text message')).toMatch(/sent before: not sent again/);
    const firstDay = smtp.received.slice(mailsBefore);
    expect(firstDay.map((m) => m.to[0]).sort()).toEqual([
      'amira@family.example',
      'ciaran@family.example',
    ]);
    expect(esendex.received.map((t) => t.to)).toEqual(['447700900003']);

    // The mother asks for a link on her phone, opens it and reports the absence.
    phone = await openTablet(browser, server.origin, { time: at(day, times.registerCloses + 20) });
    await phone.page.goto('/parent');
    await phone.page.getByLabel('Your email address').fill('amira@family.example');
    const mailsBeforeLink = smtp.received.length;
    await phone.page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await phone.page.getByRole('heading', { name: 'Check your email' }).waitFor();
    const linkMail = await eventually(
      () => Promise.resolve(smtp.received.slice(mailsBeforeLink)),
      (mails) => mails.length > 0,
    );
    const link =
      /(http:\/\/[^\s]+\/parent#[A-Za-z0-9_-]+)/.exec(bodyOf(linkMail[0]?.raw ?? ''))?.[1] ?? '';
    expect(link).not.toBe('');
    // Opened from the email: a new page load, not a change of the open page's #.
    await phone.page.goto('about:blank');
    await phone.page.goto(link.replace(/^http:\/\/[^/]+/, server.origin));
    await phone.page.getByRole('heading', { name: 'Report an absence' }).waitFor();
    // Only her own child is offered; the page passes axe's serious checks.
    expect(await phone.page.getByRole('radio').count()).toBe(1);
    expect(await seriousViolations(phone.page)).toEqual([]);
    await phone.page.getByLabel('Reason').fill('A temperature and sickness since the night before');
    await phone.page.getByRole('button', { name: 'Send to the school' }).click();
    await phone.page.getByText(/The school has your report about/).waitFor();
    // With E2E_SCREENSHOTS=folder, the page as a parent's phone shows it (docs/screens), to be
    // looked at, not compared.
    const shots = process.env.E2E_SCREENSHOTS;
    if (shots !== undefined) {
      await phone.page.setViewportSize({ width: 390, height: 844 });
      await phone.page.screenshot({ path: `${shots}/parent-page-390x844.png`, fullPage: true });
    }

    // The office accepts it from the Reported by parents queue.
    await office.openTab('Today');
    await office.openTab('Parents');
    await office.panel
      .getByRole('button', { name: `Accept report for ${displayNameOf(ada)}` })
      .click();
    await office.panel.getByText(/Accepted for .*: 1 register entries recorded/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // The register shows the reason, with the parent as the source in its history.
    const api = await OfficeApi.signIn(server.origin);
    const stored = await eventually(
      () => api.entriesOf(ada.id, day.date),
      (found) => found.entries.some((e) => e.code === 'I'),
    );
    const entry = stored.entries.find((e) => e.session.part === 'AM');
    expect(entry?.code).toBe('I');
    expect(entry?.events.map((e) => e.code)).toEqual(['N', 'I']);
    expect(entry?.events[1]?.reason).toMatch(
      /^Reported by Amira Khan \(mother\) on the parent page on .*: A temperature and sickness/,
    );

    // The teacher's tablet, synced after all this, holds no contact data.
    await returnToTabAndSync(tablet.page);
    await register.waitForCode(displayNameOf(ada), 'I');
    const stored2 = await indexedDbText(tablet.page);
    for (const secret of ['amira@family.example', '07700', 'Grandfather', 'Ciaran']) {
      expect(stored2).not.toContain(secret);
    }
  });
});
