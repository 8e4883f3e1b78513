/** The shapes of lost, damaged and fine answers at the desk. */
import { z } from 'zod';
import { replacementWays } from '../../domain/deskCharge.js';

const coded = z.object({ code: z.string(), label: z.string() });

export const chargeAnswer = z
  .object({
    id: z.string().describe('`{loanId}.{kind}`: a loan owes each kind once'),
    loanId: z.string(),
    copyId: z.string(),
    kind: coded.describe('fine | replacement'),
    amount: z.number().int().describe('Đồng (fines); 0 for a replacement'),
    amountText: z.string(),
    lateDays: z.number().int(),
    status: coded.describe('owed | paid | received | waived'),
    owed: z.boolean(),
    createdAt: z.string(),
    settledAt: z.string().nullable(),
    settledBy: z.string().nullable().describe('The person who recorded the settlement'),
    note: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'DeskCharge' });

export const settleBody = z.object({
  status: z.enum(['paid', 'received', 'waived']),
  note: z.string().trim().max(500).nullish(),
  version: z.number().int().min(1).optional().describe('The charge’s version as shown; a later one is refused'),
  replacementAs: z
    .enum(replacementWays)
    .default('same_number')
    .describe(
      'A received replacement: the lost copy’s number back on the shelf, or a new copy (the lost one withdrawn)',
    ),
});

export const loanReturnBody = z.object({
  damaged: z.boolean().default(false),
  note: z.string().trim().max(500).nullish().describe('What is damaged (required when damaged)'),
});
