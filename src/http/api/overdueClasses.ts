/**
 * The overdue list per class through the API: the school's overdue loans grouped by the readers' classes for a school
 * year.
 */
import { z } from 'zod';
import { isSchoolYear } from '../../domain/classMembership.js';
import { presentLoan } from '../../presenters/loan.js';
import type { Services } from '../../services/index.js';
import { titlesOf } from '../titles.js';
import { loanAnswer } from './deskAnswers.js';
import { endpoint, type Endpoint } from './endpoint.js';
import { idParams } from './inputs.js';

const byClassQuery = z.object({
  year: z.string().trim().refine(isSchoolYear, { error: 'năm học / school year: 2026-2027' }).optional(),
  class: z.string().trim().max(40).optional(),
});

const byClassAnswer = z.object({
  schoolYear: z.string(),
  classes: z.array(
    z.object({
      className: z.string().nullable().describe('Null: readers with no class this year (teachers, staff…)'),
      grade: z.number().int().nullable(),
      readers: z.array(z.object({ patronId: z.string(), patronName: z.string(), loans: z.array(loanAnswer) })),
    }),
  ),
});

export function overdueClassEndpoints(services: Services): Endpoint[] {
  return [
    endpoint({
      method: 'get',
      path: '/library/organisations/:id/overdues/by-class',
      tag: 'desk',
      summary:
        'The school’s overdue loans grouped by the readers’ classes for a school year (the current one unless ' +
        '`year`), or of one `class`',
      signedIn: true,
      params: idParams,
      query: byClassQuery,
      success: { status: 200, description: 'Overdue loans by class', schema: byClassAnswer },
      handle: async ({ req, params, query }) => {
        const list = await services.overdueByClass.list(req.actor, params.id, {
          year: query.year,
          className: query.class,
        });
        const titleOf = await titlesOf(
          services.search,
          list.classes.flatMap((c) => c.readers.flatMap((r) => r.loans)),
        );
        const classes = list.classes.map((c) => ({
          ...c,
          readers: c.readers.map((r) => ({ ...r, loans: r.loans.map((l) => presentLoan(l, titleOf, req.lang)) })),
        }));
        return { body: { schoolYear: list.schoolYear, classes } };
      },
    }),
  ];
}
