/**
 * Our one service provider entity as SAML 2.0 metadata: signing and encryption certificate, the
 * assertion consumer service (HTTP-POST) and single logout (HTTP-Redirect and HTTP-POST). Built
 * with an XML builder; valid against saml-schema-metadata-2.0.xsd (test/integration/saml).
 */
import { create } from 'xmlbuilder2';
import { BINDING_POST, BINDING_REDIRECT } from '../../services/samlIdpMetadata.js';
import { certBody } from './spCredentials.js';

export interface SpEndpoints {
  entityId: string;
  acsUrl: string;
  sloUrl: string;
}

export const spEndpoints = (baseUrl: string): SpEndpoints => ({
  entityId: `${baseUrl}/saml/metadata`,
  acsUrl: `${baseUrl}/saml/acs`,
  sloUrl: `${baseUrl}/saml/slo`,
});

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

export function spMetadataXml(sp: SpEndpoints, cert: string, organisationName: string, baseUrl: string): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const entity = doc
    .ele(MD, 'md:EntityDescriptor', { entityID: sp.entityId })
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:ds', DS);
  const sso = entity.ele(MD, 'md:SPSSODescriptor', {
    AuthnRequestsSigned: 'true',
    WantAssertionsSigned: 'true',
    protocolSupportEnumeration: 'urn:oasis:names:tc:SAML:2.0:protocol',
  });
  for (const use of ['signing', 'encryption']) {
    sso
      .ele(MD, 'md:KeyDescriptor', { use })
      .ele(DS, 'ds:KeyInfo')
      .ele(DS, 'ds:X509Data')
      .ele(DS, 'ds:X509Certificate')
      .txt(certBody(cert));
  }
  for (const binding of [BINDING_REDIRECT, BINDING_POST])
    sso.ele(MD, 'md:SingleLogoutService', { Binding: binding, Location: sp.sloUrl });
  for (const format of [
    'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
    'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  ])
    sso.ele(MD, 'md:NameIDFormat').txt(format);
  sso.ele(MD, 'md:AssertionConsumerService', {
    Binding: BINDING_POST,
    Location: sp.acsUrl,
    index: '0',
    isDefault: 'true',
  });
  const org = entity.ele(MD, 'md:Organization');
  org.ele(MD, 'md:OrganizationName', { 'xml:lang': 'vi' }).txt(organisationName);
  org.ele(MD, 'md:OrganizationDisplayName', { 'xml:lang': 'vi' }).txt(organisationName);
  org.ele(MD, 'md:OrganizationURL', { 'xml:lang': 'vi' }).txt(`${baseUrl}/`);
  return doc.end({ prettyPrint: true });
}
