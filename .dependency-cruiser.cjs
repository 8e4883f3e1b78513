/**
 * The layering of Thư viện số, checked in CI (`npm run lint:layers`; docs/architecture.md explains it).
 *
 *   domain ← models ← policies / presenters ← services ← faces (http, lti, auth, oai) ← app
 *
 * Every violation fails the check: there is no list of tolerated ones (the last were fixed in
 * issue 13).
 */
const faces = '(http|lti|auth|oai)';
const ours = '^(src|plugins|config)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-nothing',
      comment:
        'src/domain holds plain types and rules: it imports nothing else of ours, and no library that touches the outside.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: ours, pathNot: '^src/domain/' },
    },
    {
      name: 'models-only-domain-and-db',
      comment: 'src/models (schemas and named queries) import only the domain and src/db.',
      severity: 'error',
      from: { path: '^src/models/' },
      to: { path: ours, pathNot: ['^src/(domain|db|models)/', '^config/'] },
    },
    {
      name: 'policies-only-domain',
      comment: 'src/policies are pure rules over the domain (a model type may be named when unavoidable).',
      severity: 'error',
      from: { path: '^src/policies/' },
      to: { path: ours, pathNot: '^src/(domain|policies)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'policies-no-services-or-faces',
      comment: 'Not even a type of a service or a face: a policy decides from the domain alone.',
      severity: 'error',
      from: { path: '^src/policies/' },
      to: { path: `^src/(services|harvest|${faces})/` },
    },
    {
      name: 'presenters-no-services-or-faces',
      comment: 'src/presenters shape domain data for the wire and the views; they call no service and know no face.',
      severity: 'error',
      from: { path: '^src/presenters/' },
      to: { path: `^src/(services|harvest|db|web|${faces})/|^src/app\\.ts$` },
    },
    {
      name: 'services-no-faces',
      comment: 'src/services are the use cases; the faces (and their web kit) call them, never the other way round.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: `^src/(${faces}|web)/|^src/app\\.ts$` },
    },
    {
      name: 'web-kit-imports-no-face',
      comment: 'src/web is what every face shares (validation, pages, redirects, sessions, files, search queries).',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: `^src/${faces}/|^src/app\\.ts$` },
    },
    {
      name: 'faces-not-each-other',
      comment: 'http, lti, auth and oai share what they need through a neutral module, never by importing each other.',
      severity: 'error',
      from: { path: `^src/${faces}/` },
      to: { path: `^src/${faces}/`, pathNot: '^src/$1/' },
    },
    {
      name: 'faces-no-models',
      comment: 'A face (or the web kit) asks a service; it does not query src/models itself.',
      severity: 'error',
      from: { path: `^src/(${faces}|web)/` },
      to: { path: '^src/models/' },
    },
    {
      name: 'only-db-and-models-import-mongoose',
      comment:
        'Database access lives in src/models (named queries) and src/db (connection, FerretDB/MongoDB differences).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(db|models)/' },
      to: { path: '^node_modules/(mongoose|mongodb)/' },
    },
    {
      name: 'only-lti-imports-ltijs',
      severity: 'error',
      from: { path: ours, pathNot: '^src/lti/' },
      to: { path: '^node_modules/ltijs/' },
    },
    {
      name: 'only-saml-imports-node-saml',
      severity: 'error',
      from: { path: ours, pathNot: '^src/auth/saml/' },
      to: { path: '^node_modules/@node-saml/' },
    },
    {
      name: 'search-engine-only-in-its-adapter',
      comment: 'Only a search adapter knows its engine; the catalogue index imports no model, service or face.',
      severity: 'error',
      from: { path: '^src/search/' },
      to: { path: `^src/(models|services|harvest|db|${faces})/` },
    },
    {
      name: 'only-search-imports-opensearch',
      severity: 'error',
      from: { path: ours, pathNot: '^src/search/' },
      to: { path: '^node_modules/@opensearch-project/' },
    },
    {
      name: 'plugins-only-domain',
      comment: 'A plugin implements one interface of src/domain and imports nothing else of ours.',
      severity: 'error',
      from: { path: '^plugins/' },
      to: { path: '^(src|config)/', pathNot: '^src/domain/' },
    },
    {
      name: 'config-imports-no-src',
      comment: 'config/ is read by everything and reads nothing of src/.',
      severity: 'error',
      from: { path: '^config/' },
      to: { path: '^(src|plugins)/' },
    },
    {
      name: 'no-circular-files',
      comment: 'A cycle between files makes their load order matter and their tests drag each other in.',
      severity: 'error',
      from: { path: ours },
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      comment: 'A cycle between folders means two layers each depend on the other.',
      severity: 'error',
      scope: 'folder',
      from: { path: ours },
      to: { circular: true },
    },
    {
      name: 'unit-tests-without-database',
      comment:
        'test/unit runs with no database (npm run test:unit): it uses none of the support that starts or fills one.',
      severity: 'error',
      from: { path: '^test/unit/' },
      to: { path: '^test/support/(context|fixtures|hooks|client|processes|ltiPlatform|simplesamlphp)\\.ts$|^src/db/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|data|\\.cache|bench/results|bench/tmp|test/fixtures)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
