/** Checks real API answers against the OpenAPI document the server publishes, so the document stays true. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'chai';

export class OpenApiCheck {
  // `format: date` (YYYY-MM-DD, as z.iso.date() documents it) checked by shape.
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, formats: { date: /^\d{4}-\d{2}-\d{2}$/ } });

  constructor(private readonly document: { paths: Record<string, Record<string, unknown>> }) {
    this.ajv.addSchema(document, 'openapi');
  }

  /** Asserts that `body` matches the documented answer of `method path` with `status`. */
  answer(method: string, path: string, status: number, body: unknown): void {
    const pointer = `openapi#/paths/${escape(path)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
    const validate = this.ajv.getSchema(pointer);
    expect(validate, `documented answer for ${method} ${path} ${status}`).to.not.equal(undefined);
    const ok = validate!(body);
    expect(ok, `${method} ${path} ${status}: ${JSON.stringify(validate!.errors?.slice(0, 3))}`).to.equal(true);
  }
}

const escape = (path: string) => path.replaceAll('~', '~0').replaceAll('/', '~1');
