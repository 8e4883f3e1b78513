/** The shapes the desk answers with (see answers.ts for why they are zod schemas). */
import { z } from 'zod';
import { fineDayCounts, patronTypes } from '../../domain/loanRules.js';
import type { Weekday } from '../../domain/schoolCalendar.js';
import { chargeAnswer } from './deskChargeAnswers.js';

const coded = z.object({ code: z.string(), label: z.string() });
const day = z.string().describe('YYYY-MM-DD, a local day in Vietnam');

export const loanAnswer = z
  .object({
    id: z.string(),
    orgId: z.string(),
    copyId: z.string(),
    resourceId: z.string(),
    title: z.string(),
    patronId: z.string(),
    patronType: coded,
    collectionCode: z.string(),
    issuedAt: z.string(),
    dueDate: day,
    renewals: z.number().int(),
    status: coded,
    returnedAt: z.string().nullable(),
    overdueDays: z.number().int(),
    classSetId: z.string().nullable(),
  })
  .meta({ id: 'Loan' });

export const holdAnswer = z
  .object({
    id: z.string(),
    orgId: z.string(),
    resourceId: z.string(),
    title: z.string(),
    patronId: z.string(),
    placedAt: z.string(),
    status: coded,
    copyId: z.string().nullable(),
    pickupBy: day.nullable(),
  })
  .meta({ id: 'Hold' });

export const deskCopyAnswer = z
  .object({
    id: z.string(),
    accessionNumber: z.string(),
    barcode: z.string(),
    title: z.string(),
    status: coded,
    version: z.number().int(),
  })
  .meta({ id: 'DeskCopy' });

export const patronAnswer = z
  .object({
    id: z.string(),
    displayName: z.string(),
    type: coded,
    disabled: z.boolean(),
    className: z.string().nullable().optional().describe('The class this school year (the desk’s scan answer)'),
    classLine: z.string().nullable().optional().describe('The class as the desk shows it, in the person’s language'),
  })
  .meta({ id: 'Patron' });

export const checkoutAnswer = z.object({ loan: loanAnswer, copy: deskCopyAnswer, patron: patronAnswer });

export const returnAnswer = z.object({
  returned: z.boolean().describe('False when the copy was not on loan: nothing changed (a return scanned twice)'),
  copy: deskCopyAnswer,
  loan: loanAnswer.nullable(),
  setAsideFor: z
    .object({ holdId: z.string(), patronId: z.string(), patronName: z.string(), pickupBy: day.nullable() })
    .nullable()
    .describe('The reader the copy now waits for on the hold shelf'),
  fine: chargeAnswer.nullable().optional().describe('The fine for a late return, when the school charges fines'),
});

export const patronLoansAnswer = z.object({ patron: patronAnswer, loans: z.array(loanAnswer) });

export const loanRuleSchema = z.object({
  patronType: z.enum(['*', ...patronTypes] as ['*', 'student', 'teacher', 'staff']),
  collectionCode: z
    .string()
    .trim()
    .regex(/^(\*|[A-Za-z0-9_-]{1,20})$/),
  maxItems: z.number().int().min(0).max(500),
  loanDays: z.number().int().min(0).max(400),
  renewals: z.number().int().min(0).max(20),
  wholeSchoolYear: z.boolean(),
});

const localDate = z.iso.date();

export const circulationSettingsSchema = z.object({
  rules: z.array(loanRuleSchema).max(200),
  calendar: z.object({
    closedWeekdays: z
      .array(z.number().int().min(0).max(6))
      .max(7)
      .transform((days) => [...new Set(days)] as Weekday[])
      .describe('0 = Sunday … 6 = Saturday'),
    closures: z.array(z.object({ from: localDate, to: localDate, name: z.string().trim().min(1).max(200) })).max(200),
    schoolYearEnds: z.string().trim().max(5).describe('MM-DD (the service checks it is a day of the year)'),
  }),
  holdPickupDays: z.number().int().min(1).max(60),
  maxHolds: z.number().int().min(0).max(100),
  lossPolicy: z.enum(['replacement', 'note']),
  fines: z.object({
    enabled: z.boolean(),
    perDay: z.number().int().min(0).max(1_000_000),
    countDays: z
      .enum(fineDayCounts)
      .default('calendar')
      .describe('Days late fined: every calendar day, or only the days the library is open'),
  }),
});

export const circulationSettingsAnswer = circulationSettingsSchema
  .extend({ version: z.number().int() })
  .meta({ id: 'CirculationSettings' });

export const scanAnswer = z
  .object({
    kind: z.enum(['patron', 'lent', 'returned']).describe('What the scan did'),
    message: z.object({ tone: z.enum(['ok', 'warn', 'error']), text: z.string() }),
    patron: patronAnswer.nullable().describe('The patron being served (after a card or a loan)'),
    loans: z.array(loanAnswer).nullable().describe('What the patron being served has out now'),
    copy: deskCopyAnswer.nullable(),
    loan: loanAnswer.nullable(),
    returned: z.boolean().nullable(),
    recorded: z.enum(['good', 'damaged', 'lost']).nullable().describe('How a copy taken back was recorded'),
  })
  .meta({ id: 'DeskScan' });

export const cardAnswer = z.object({ number: z.string(), issuedAt: z.string() }).meta({ id: 'LibraryCard' });

export const myLoansAnswer = z.object({ loans: z.array(loanAnswer), holds: z.array(holdAnswer) });
