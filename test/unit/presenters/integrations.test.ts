/**
 * The integration admin pages' presenters, with no database: harvest sources and their runs, sign-in
 * portals (SAML) and LMS platforms (LTI) as the pages show them — names from the tree, links,
 * dates as ISO text, what a form takes back, and nothing secret.
 */
import { expect } from 'chai';
import type { HarvestRun, HarvestSource } from '../../../src/domain/harvest.js';
import type { LtiPlatform } from '../../../src/domain/ltiPlatform.js';
import { defaultRoleValues, type SamlIdp } from '../../../src/domain/samlIdp.js';
import { presentHarvestRun, presentHarvestSource } from '../../../src/presenters/harvestSource.js';
import { ltiToolValues, presentLtiPlatform, presentRegistrationLink } from '../../../src/presenters/ltiPlatform.js';
import { presentSamlIdp, samlIdpFormValues, samlSpValues } from '../../../src/presenters/samlIdp.js';
import { department, schoolA, schoolB, tree } from '../support/province.js';

const at = new Date('2025-10-01T02:00:00Z');
const later = new Date('2025-10-01T02:05:00Z');

const source: HarvestSource = {
  id: '66f0a1b2c3d4e5f60123aaaa',
  name: 'Kho học liệu quốc gia',
  kind: 'oai-pmh',
  baseUrl: 'https://hoclieu.example.vn/oai',
  metadataPrefix: 'oai_dc',
  set: null,
  intervalHours: 24,
  orgId: department.id,
  reexpose: true,
  ownerId: '66f0a1b2c3d4e5f60123bbbb',
  harvestedUntil: at,
  nextRunAt: null,
  activeRunId: null,
  runIds: [],
  createdAt: at,
  modifiedAt: at,
};

describe('presenters: harvest sources and their runs', () => {
  it('shows a source with its organisation by name, its page link, and an empty set as empty text', () => {
    expect(presentHarvestSource(source, tree, later.getTime())).to.deep.include({
      url: `/admin/harvest/sources/${source.id}`,
      organisation: department.name,
      set: '',
      running: false,
      pending: false,
    });
  });

  it('is pending while a run is under way, or once it is due, so that the page refreshes itself', () => {
    const running = { ...source, activeRunId: '66f0a1b2c3d4e5f60123cccc' };
    expect(presentHarvestSource(running, tree, later.getTime())).to.include({ running: true, pending: true });
    const due = { ...source, nextRunAt: at };
    expect(presentHarvestSource(due, tree, later.getTime())).to.include({ running: false, pending: true });
    expect(presentHarvestSource(due, tree, at.getTime() - 1).pending, 'not due yet').to.equal(false);
  });

  it('shows a run with its dates as ISO text, its status in the reader’s words, and each problem’s URL', () => {
    const run: HarvestRun = {
      id: '66f0a1b2c3d4e5f60123dddd',
      sourceId: source.id,
      status: 'failed',
      startedAt: at,
      finishedAt: later,
      from: null,
      resumptionToken: 'secret-ish',
      sourceDate: at,
      pages: 3,
      added: 5,
      updated: 1,
      deleted: 0,
      unchanged: 2,
      problems: [{ at: later, url: 'https://hoclieu.example.vn/oai?verb=ListRecords', message: 'HTTP 500' }],
      resumed: 1,
    };
    const shown = presentHarvestRun(run, (key) => `«${key}»`);
    expect(shown).to.deep.equal({
      startedAt: at.toISOString(),
      finishedAt: later.toISOString(),
      status: 'failed',
      statusLabel: '«harvest.statuses.failed»',
      running: false,
      from: null,
      pages: 3,
      added: 5,
      updated: 1,
      deleted: 0,
      unchanged: 2,
      resumed: 1,
      problems: [{ at: later.toISOString(), url: run.problems[0]!.url, message: 'HTTP 500' }],
    });
  });
});

const idp: SamlIdp = {
  id: 'https://sso.example.vn/idp',
  name: 'Cổng Sở GD&ĐT',
  orgId: schoolA.id,
  mapping: {
    userId: null,
    email: 'mail',
    displayName: 'cn',
    role: 'role',
    schoolCode: null,
    roleValues: { giaovien: 'teacher', hocsinh: 'student' },
  },
  signature: 'both',
  allowUnsolicited: true,
  clockSkewMs: 30_000,
  matchByEmail: true,
  entityId: 'https://sso.example.vn/idp',
  ssoUrl: 'https://sso.example.vn/sso',
  sloUrl: null,
  signingCerts: ['MIIB…one', 'MIIB…two'],
  metadataUrl: null,
  metadataFetchedAt: at,
  metadataError: null,
  createdAt: at,
  modifiedAt: at,
};

describe('presenters: sign-in portals (SAML)', () => {
  it('shows a portal by its organisation’s name and how many certificates it signs with, not the certificates', () => {
    const shown = presentSamlIdp(idp, tree);
    expect(shown).to.deep.include({
      url: `/admin/saml/idps/${encodeURIComponent(idp.id)}`,
      organisation: schoolA.name,
      certificates: 2,
      metadataFetchedAt: at.toISOString(),
    });
    expect(JSON.stringify(shown)).to.not.include('MIIB');
  });

  it('gives the form back what it takes: role values one a line, seconds of clock skew', () => {
    expect(samlIdpFormValues(idp)).to.deep.include({
      attrEmail: 'mail',
      attrDisplayName: 'cn',
      roleValues: 'giaovien=teacher\nhocsinh=student',
      clockSkewSeconds: 30,
      signature: 'both',
      allowUnsolicited: true,
    });
  });

  it('offers the usual attributes and every default role value for a new portal', () => {
    const values = samlIdpFormValues(null);
    expect(values).to.include({ attrUserId: 'uid', attrEmail: 'mail', signature: 'assertion', clockSkewSeconds: 60 });
    expect(values.roleValues.split('\n')).to.have.length(Object.keys(defaultRoleValues).length);
  });

  it('leaves an attribute the portal was saved without empty, its usual name only a placeholder', () => {
    const values = samlIdpFormValues({ ...idp, mapping: { ...idp.mapping, userId: null, email: null } });
    expect(values).to.include({ attrUserId: '', attrEmail: '', attrSchoolCode: '' });
    expect(values.placeholders).to.deep.equal({ attrUserId: 'uid', attrEmail: 'mail', attrSchoolCode: 'schoolCode' });
    expect(samlIdpFormValues(idp)).to.include({ attrEmail: 'mail', attrDisplayName: 'cn' });
  });

  it('lists our addresses for the portal’s administrator to paste', () => {
    expect(samlSpValues('https://thuvien.example.vn')).to.deep.equal({
      metadataUrl: 'https://thuvien.example.vn/saml/metadata',
      acsUrl: 'https://thuvien.example.vn/saml/acs',
      sloUrl: 'https://thuvien.example.vn/saml/slo',
    });
  });
});

describe('presenters: LMS platforms (LTI)', () => {
  const platform: LtiPlatform = {
    id: 'https://moodle.example.vn|client-1',
    issuer: 'https://moodle.example.vn',
    clientId: 'client-1',
    name: 'Moodle của Phòng',
    orgId: schoolA.id,
    deployments: [
      { id: '1', orgId: null },
      { id: '2', orgId: schoolB.id },
    ],
    matchByEmail: false,
    registeredVia: 'dynamic',
    createdAt: at,
  };

  it('shows deployments one a line as the form takes them back, a school’s by its code', () => {
    expect(presentLtiPlatform(platform, tree)).to.deep.include({
      url: `/admin/lti/platforms/${encodeURIComponent(platform.id)}`,
      organisation: schoolA.name,
      deploymentIds: `1\n2 ${schoolB.code}`,
      pending: false,
      dynamic: true,
    });
  });

  it('marks a platform registered without an organisation as waiting for an admin', () => {
    expect(presentLtiPlatform({ ...platform, orgId: null }, tree)).to.include({ organisation: null, pending: true });
  });

  it('shows a registration link by organisation and expiry to the minute, never its token', () => {
    const link = { _id: 'link-1', orgId: schoolA.id, expiresAt: new Date('2025-10-08T09:30:45Z') };
    expect(presentRegistrationLink(link, tree)).to.deep.equal({
      id: 'link-1',
      organisation: schoolA.name,
      expiresAt: '2025-10-08 09:30',
    });
  });

  it('lists the tool’s addresses for registering it by hand', () => {
    expect(ltiToolValues('https://thuvien.example.vn')).to.deep.equal({
      loginUrl: 'https://thuvien.example.vn/lti/login',
      redirectUrl: 'https://thuvien.example.vn/lti',
      jwksUrl: 'https://thuvien.example.vn/lti/keys',
      deepLinkingUrl: 'https://thuvien.example.vn/lti',
    });
  });
});
