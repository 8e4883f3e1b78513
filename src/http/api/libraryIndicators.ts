/**
 * The sector export: each school library's indicators for a school year, as JSON and as XLSX, with
 * the stable field names of docs/sector-export.md, for the education sector's systems. A department
 * gets all its schools, a school its own, nobody another department's (src/policies/libraryStatistics.ts).
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { sectorFields, type SectorRecord } from '../../domain/sectorExport.js';
import { sectorCaptions } from '../../presenters/libraryOverview.js';
import type { Services } from '../../services/index.js';
import { writeIndicatorsXlsx } from '../../services/render/indicatorsXlsx.js';
import { schoolYear } from '../schemas/libraryStatistics.js';
import { endpoint, type Endpoint } from './endpoint.js';
import { idParams } from './inputs.js';

const tag = 'library';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const yearQuery = z.object({
  year: schoolYear.optional().describe('The school year, `2025-2026` (1 June to 31 May); this one when left out'),
});

const numberOrNull = z.number().nullable();
export const sectorRecordAnswer = z.object({
  schoolId: z.string(),
  schoolCode: z.string(),
  schoolName: z.string(),
  schoolYear: z.string(),
  copies: z.number().int(),
  titles: z.number().int(),
  students: z.number().int(),
  copiesPerStudent: numberOrNull,
  loans: z.number().int(),
  loansPerStudent: numberOrNull,
  activeReaders: z.number().int(),
  activeReadersPercent: numberOrNull,
  acquisitions: z.number().int(),
  withdrawals: z.number().int(),
  overdue: z.number().int(),
  computedAt: z.string(),
}) satisfies z.ZodType<SectorRecord>;
const sectorListAnswer = z.object({
  schoolYear: z.string(),
  fields: z.array(z.string()),
  items: z.array(sectorRecordAnswer),
});

const workbook =
  (req: Request, records: readonly SectorRecord[], year: string, file: string) => async (res: Response) => {
    res.setHeader('Content-Type', XLSX_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
    await writeIndicatorsXlsx(res, {
      sheetName: req.t('libraryStats.department.sheet'),
      title: req.t('libraryStats.department.reportTitle', {
        name: records.length === 1 ? records[0]!.schoolName : '',
        year,
      }),
      captions: sectorCaptions(req.t),
      records,
    });
  };

export function libraryIndicatorEndpoints(services: Services): Endpoint[] {
  const stats = services.libraryStatistics;
  const yearOf = (year: string | undefined) => year ?? stats.years().current;
  return [
    endpoint({
      method: 'get',
      path: '/library/indicators',
      tag,
      summary:
        'The library indicators of every school the caller may see (a department: all its schools), for a school year',
      signedIn: true,
      query: yearQuery,
      success: {
        status: 200,
        description: 'One record per school, fields as docs/sector-export.md',
        schema: sectorListAnswer,
      },
      handle: async ({ req, query }) => {
        const year = yearOf(query.year);
        const items = await stats.sectorRecords(req.actor, year);
        return { body: { schoolYear: year, fields: sectorFields.map((f) => f.name), items } };
      },
    }),
    endpoint({
      method: 'get',
      path: '/library/indicators.xlsx',
      tag,
      summary:
        'The same records as an XLSX workbook: a sheet for people, and a sheet `indicators` headed by the field names',
      signedIn: true,
      query: yearQuery,
      success: { status: 200, description: 'An XLSX workbook' },
      handle: async ({ req, query }) => {
        const year = yearOf(query.year);
        const records = await stats.sectorRecords(req.actor, year);
        return { send: workbook(req, records, year, `chi-so-thu-vien-${year}.xlsx`) };
      },
    }),
    endpoint({
      method: 'get',
      path: '/library/organisations/:id/indicators',
      tag,
      summary: 'The library indicators of one school for a school year',
      signedIn: true,
      params: idParams,
      query: yearQuery,
      success: {
        status: 200,
        description: 'The school’s record, fields as docs/sector-export.md',
        schema: sectorRecordAnswer,
      },
      handle: async ({ req, params, query }) => ({
        body: await stats.sectorRecordOf(req.actor, params.id, yearOf(query.year)),
      }),
    }),
    endpoint({
      method: 'get',
      path: '/library/organisations/:id/indicators.xlsx',
      tag,
      summary: 'The library indicators of one school as an XLSX workbook',
      signedIn: true,
      params: idParams,
      query: yearQuery,
      success: { status: 200, description: 'An XLSX workbook' },
      handle: async ({ req, params, query }) => {
        const year = yearOf(query.year);
        const record = await stats.sectorRecordOf(req.actor, params.id, year);
        return { send: workbook(req, [record], year, `chi-so-thu-vien-${record.schoolCode}-${year}.xlsx`) };
      },
    }),
  ];
}
