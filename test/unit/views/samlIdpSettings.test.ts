/**
 * The portal settings form as the browser gets it: an attribute the portal was saved without is an
 * empty field (its usual name only a placeholder), so that posting the form unchanged leaves it empty.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import Handlebars from 'handlebars';
import type { SamlIdp } from '../../../src/domain/samlIdp.js';
import { samlIdpFormValues } from '../../../src/presenters/samlIdp.js';
import { viewsDir } from '../../../src/web/views.js';

const render = (values: ReturnType<typeof samlIdpFormValues>) => {
  const hbs = Handlebars.create();
  hbs.registerHelper('t', (key: string) => key);
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const source = fs.readFileSync(path.join(viewsDir, 'partials/saml-idp-settings.hbs'), 'utf8');
  return hbs.compile(source)({ values, organisations: [] });
};

/** The attributes of the input named `name`. */
const input = (html: string, name: string) => {
  const tag = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0] ?? '';
  return {
    value: tag.match(/ value="([^"]*)"/)?.[1],
    placeholder: tag.match(/ placeholder="([^"]*)"/)?.[1],
  };
};

describe('view: a sign-in portal’s settings form', () => {
  const mapping = {
    userId: null,
    email: null,
    displayName: 'cn',
    role: 'role',
    schoolCode: 'maTruong',
    roleValues: { giaovien: 'teacher' as const },
  };
  const portal = {
    id: 'https://sso.example.vn/idp',
    name: 'Cổng Sở',
    orgId: 'school-a',
    mapping,
  } as unknown as SamlIdp;

  it('sends an attribute left empty back empty, with its usual name as a placeholder', () => {
    const html = render(samlIdpFormValues(portal));
    expect(input(html, 'attrUserId')).to.deep.equal({ value: '', placeholder: 'uid' });
    expect(input(html, 'attrEmail')).to.deep.equal({ value: '', placeholder: 'mail' });
    expect(input(html, 'attrSchoolCode')).to.deep.equal({ value: 'maTruong', placeholder: 'schoolCode' });
  });

  it('offers a new portal the usual names as values', () => {
    const html = render(samlIdpFormValues(null));
    expect(input(html, 'attrUserId').value).to.equal('uid');
    expect(input(html, 'attrEmail').value).to.equal('mail');
  });
});
