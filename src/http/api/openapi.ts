/** The OpenAPI 3.1 document, built from the endpoint declarations and their zod schemas. */
import { z, type ZodType } from 'zod';
import { errorAnswer } from './answers.js';
import type { Endpoint } from './endpoint.js';

type JsonSchema = Record<string, unknown>;

const errorStatuses: Record<number, string> = {
  400: "Invalid input: `fields` lists each problem, in the caller's language",
  401: 'Sign-in needed',
  403: 'Not allowed, or the CSRF token is missing',
  404: 'Not found, or not visible to the caller',
  409:
    'Changed meanwhile (stale version) or not possible in the current state; ' +
    '`currentVersion` says where to start again',
  503: 'The database is unavailable; retry later',
};

/** `/resources/:id` → `/resources/{id}` */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

export function buildOpenApi(endpoints: readonly Endpoint[], baseUrl: string, version: string): JsonSchema {
  const components: Record<string, JsonSchema> = {};
  const schemaOf = (schema: ZodType, io: 'input' | 'output'): JsonSchema => {
    const generated = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' });
    // Named shapes (`.meta({ id })`) become shared components, referred to from everywhere.
    const json = JSON.parse(JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
    for (const [id, def] of Object.entries((json.$defs ?? {}) as Record<string, JsonSchema>)) components[id] = def;
    delete json.$defs;
    delete json.$schema;
    return json;
  };
  const errorRef = schemaOf(errorAnswer, 'output');

  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const e of endpoints) {
    const parameters: JsonSchema[] = [];
    for (const [where, schema] of [
      ['path', e.params],
      ['query', e.query],
    ] as const) {
      if (!schema) continue;
      const json = schemaOf(schema, 'input');
      const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((json.required ?? []) as string[]);
      for (const [name, s] of Object.entries(properties)) {
        const isArray = s.anyOf !== undefined && (s.anyOf as JsonSchema[]).some((a) => a.type === 'array');
        parameters.push({
          name,
          in: where,
          required: where === 'path' || required.has(name),
          schema: s,
          ...(isArray ? { style: 'form', explode: true } : {}),
          ...(s.description ? { description: s.description } : {}),
        });
      }
    }
    if (e.versioned)
      parameters.push({
        name: 'If-Match',
        in: 'header',
        required: false,
        description: 'The version being changed, as the ETag gave it ("3"); or send `version` in the body',
        schema: { type: 'string' },
      });
    if (e.method !== 'get')
      parameters.push({
        name: 'X-CSRF-Token',
        in: 'header',
        required: true,
        description: 'From GET /api/v1/me, for calls made with the session cookie',
        schema: { type: 'string' },
      });

    const responses: Record<string, JsonSchema> = {
      [e.success.status]: {
        description: e.success.description,
        ...(e.success.schema
          ? { content: { 'application/json': { schema: schemaOf(e.success.schema, 'output') } } }
          : {}),
      },
    };
    const possible = [
      400,
      ...(e.signedIn ? [401] : []),
      ...(e.signedIn ? [403] : []),
      ...(e.params ? [404] : []),
      ...(e.versioned || e.method !== 'get' ? [409] : []),
      503,
    ];
    for (const status of possible)
      responses[status] = { description: errorStatuses[status], content: { 'application/json': { schema: errorRef } } };

    (paths[openApiPath(e.path)] ??= {})[e.method] = {
      operationId: `${e.method}${openApiPath(e.path)
        .replace(/[{}]/g, '')
        .split('/')
        .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
        .join('')}`,
      tags: [e.tag],
      summary: e.summary,
      ...(e.signedIn ? { security: [{ session: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(e.body && e.method !== 'get'
        ? {
            requestBody: {
              required: true,
              content:
                e.body === uploadMarker ? uploadContent : { 'application/json': { schema: schemaOf(e.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Thư viện số API',
      version,
      description:
        'API JSON của Thư viện số: tìm kiếm, xem, tạo và duyệt học liệu; cây tổ chức; người dùng; bộ sưu tập. Thông báo lỗi theo ngôn ngữ yêu cầu (Accept-Language hoặc ?lang=vi|en).\n\nThe JSON API of Thư viện số: search, read, create and review resources; the organisation tree; people; reading lists. Error messages follow Accept-Language or ?lang=vi|en.',
    },
    servers: [{ url: `${baseUrl}/api/v1` }],
    tags: [
      { name: 'resources', description: 'Học liệu / Resources' },
      { name: 'files', description: 'Tệp của học liệu / Resource files' },
      { name: 'organisations', description: 'Cây tổ chức / Organisation tree' },
      { name: 'people', description: 'Người dùng / People' },
      { name: 'collections', description: 'Bộ sưu tập / Reading lists' },
      { name: 'library', description: 'Sách in, bản sách, sổ đăng ký / Printed books, copies, registers' },
      { name: 'desk', description: 'Mượn trả, gia hạn, đặt trước / Loans, returns, renewals, holds' },
      { name: 'reference', description: 'Danh mục, phiên / Vocabularies, session' },
      { name: 'inter-library', description: 'Mượn liên thư viện / Inter-library loans' },
      { name: 'stocktaking', description: 'Kiểm kê / Stocktaking' },
    ],
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'tvs.sid',
          description: 'The session cookie of a signed-in person; unsafe methods also need X-CSRF-Token',
        },
      },
      schemas: components,
    },
    paths,
  };
}

/** Marks a multipart upload body, described by hand: zod has no notion of a streamed file part. */
export const uploadMarker = z.never();
const uploadContent = {
  'multipart/form-data': {
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: {
          type: 'string',
          contentMediaType: 'application/octet-stream',
          description: 'The file; its type is detected from the content',
        },
      },
    },
  },
};
