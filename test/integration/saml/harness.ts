/** The library over HTTP at a fixed address, SimpleSAMLphp as a provincial portal, and its test users. */
import { expect } from 'chai';
import { DOMParser } from '@xmldom/xmldom';
import xpath from 'xpath';
import type { Organisation } from '../../../src/domain/organisation.js';
import { startTestServer, type TestServer } from '../../support/context.js';
import { person, province } from '../../support/fixtures.js';
import { signedIn, type Client } from '../../support/client.js';
import { SimpleSamlPhp, type IdpUser } from '../../support/simplesamlphp.js';
import { freePort } from '../../support/toolkit.js';

export interface SamlHarness {
  server: TestServer;
  idp: SimpleSamlPhp;
  idpId: string;
  department: Organisation;
  schoolA: Organisation;
  schoolB: Organisation;
  admin: Client;
  users: Record<string, { password: string; attributes: IdpUser }>;
  stop(): Promise<void>;
}

export const user = (
  uid: string,
  role: string,
  schoolCode: string | null,
  name: string,
): { password: string; attributes: IdpUser } => ({
  password: `mk-${uid}`,
  attributes: {
    uid: [uid],
    displayName: [name],
    mail: [`${uid}@truong.example.edu.vn`],
    eduPersonAffiliation: [role],
    ...(schoolCode ? { schoolCode: [schoolCode] } : {}),
  },
});

/** The admin form's fields for a provincial portal whose users carry uid, role and school code. */
export const portalSettings = (orgId: string) => ({
  name: 'Cổng Sở GD&ĐT (thử)',
  orgId,
  attrUserId: 'uid',
  attrEmail: 'mail',
  attrDisplayName: 'displayName',
  attrRole: 'eduPersonAffiliation',
  attrSchoolCode: 'schoolCode',
  roleValues: 'teacher=teacher\nstudent=student\nstaff=librarian',
  signature: 'assertion',
  clockSkewSeconds: '60',
});

export async function spMetadata(
  baseUrl: string,
): Promise<{ xml: string; entityId: string; acsUrl: string; sloUrl: string; cert: string }> {
  const xml = await (await fetch(`${baseUrl}/saml/metadata`)).text();
  const doc = new DOMParser().parseFromString(xml, 'text/xml') as unknown as Node;
  const select = xpath.useNamespaces({
    md: 'urn:oasis:names:tc:SAML:2.0:metadata',
    ds: 'http://www.w3.org/2000/09/xmldsig#',
  });
  const value = (expr: string) => String(select(`string(${expr})`, doc));
  const body = value("//md:KeyDescriptor[@use='signing']//ds:X509Certificate");
  return {
    xml,
    entityId: value('/md:EntityDescriptor/@entityID'),
    acsUrl: value('//md:AssertionConsumerService/@Location'),
    sloUrl: value('//md:SingleLogoutService[1]/@Location'),
    cert: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`,
  };
}

export async function startSamlHarness(options: { encryptAssertions?: boolean } = {}): Promise<SamlHarness> {
  const port = await freePort();
  const server = await startTestServer({ baseUrl: `http://127.0.0.1:${port}` }, port);
  const { department, schoolA, schoolB } = await province();
  const users = {
    'gv-a': user('gv-a', 'teacher', schoolA.code, 'Nguyễn Văn Giáo'),
    'hs-b': user('hs-b', 'student', schoolB.code, 'Trần Thị Học'),
    'nv-a': user('nv-a', 'staff', schoolA.code, 'Lê Văn Thư'),
    'la-truong': user('la-truong', 'teacher', 'KHONG-CO', 'Phạm Lạ Trường'),
  };
  const idp = await new SimpleSamlPhp().start(await spMetadata(server.url), users, {
    encryptAssertions: options.encryptAssertions ?? true,
  });
  const orgAdmin = await person([{ org: department, role: 'org_admin' }], 'Quản trị Sở');
  const admin = await signedIn(server.url, orgAdmin);
  const res = await admin.request('POST', '/admin/saml/idps', {
    form: { ...portalSettings(department.id), metadataUrl: idp.metadataUrl },
  });
  expect(res.status, await res.clone().text()).to.equal(303);
  const idpId = decodeURIComponent(res.headers.get('location')!.split('/').pop()!);
  return {
    server,
    idp,
    idpId,
    department,
    schoolA,
    schoolB,
    admin,
    users,
    stop: async () => {
      // Disconnected through the admin page, so the next harness's login page lists only its own portal.
      const removed = await admin.request('POST', `/admin/saml/idps/${idpId}/delete`);
      expect(removed.status).to.equal(303);
      await idp.stop();
      await server.close();
    },
  };
}
