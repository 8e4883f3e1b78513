/**
 * Writing off the copies a stocktaking found missing, as the librarian confirmed them: one
 * withdrawal record (biên bản thanh lý, reason "lost", noted "mất khi kiểm kê") through the printed
 * collection's own withdrawal flow. Exactly once: the first confirmation claims the write-off on
 * the session (a conditional write of its version); a second confirmation, or one after a crash in
 * the middle, finishes the same write-off into the same record instead of starting another.
 */
import { canChangeStatus } from '../../domain/copy.js';
import { conflict, invalid } from '../../domain/errors.js';
import { STOCKTAKING_LOSS_NOTE, type StocktakingSession, type StocktakingWriteOff } from '../../domain/stocktaking.js';
import type { WithdrawalRecord } from '../../domain/copy.js';
import { stocktakingSessionById, updateStocktakingSessionIfVersion } from '../../models/stocktaking.js';
import type { Actor } from '../../policies/actor.js';
import type { CopyService } from './copies.js';
import type { RegisterService } from './registers.js';
import type { StocktakingService } from './stocktaking.js';

/** How long a claimed write-off may go without its record before another confirmation takes it over. */
const ABANDONED_AFTER_MS = 120_000;

export interface WrittenOff {
  session: StocktakingSession;
  record: WithdrawalRecord;
}

export class StocktakingWriteOffService {
  constructor(
    private readonly sessions: StocktakingService,
    private readonly copies: CopyService,
    private readonly registers: RegisterService,
  ) {}

  /** Writes off `copyIds`, each of which must be missing in the session's result. */
  async confirm(actor: Actor, sessionId: string, copyIds: readonly string[], date: string): Promise<WrittenOff> {
    let session = await this.sessions.load(actor, sessionId, 'writeOff');
    if (!session.closedAt) throw conflict('stocktaking.errors.notClosed');
    let claimed = false;
    if (!session.writeOff) ({ session, claimed } = await this.claim(actor, session, copyIds));
    let recordId = session.writeOff!.recordId;
    if (!recordId) {
      // Only the confirmation that claimed the write-off makes its record, or one that takes over
      // a claim abandoned by a crash: two records are never made.
      if (!claimed) session = await this.takeOver(session);
      ({ session, recordId } = await this.createRecord(actor, session, date));
    }
    if (!session.writeOff!.done) session = await this.finish(actor, session, recordId);
    return { session, record: await this.registers.withdrawalRecord(actor, recordId) };
  }

  /** The first confirmation wins the session's write-off; a concurrent one reads the winner's. */
  private async claim(actor: Actor, session: StocktakingSession, copyIds: readonly string[]) {
    const missing = new Set((await this.sessions.resultOf(session)).missing.map((c) => c.id));
    const chosen = [...new Set(copyIds)];
    if (!chosen.length) throw invalid([{ field: 'copyIds', messageKey: 'stocktaking.errors.noneChosen' }]);
    if (chosen.some((id) => !missing.has(id)))
      throw invalid([{ field: 'copyIds', messageKey: 'stocktaking.errors.notMissing' }]);
    const writeOff: StocktakingWriteOff = {
      recordId: null,
      copyIds: chosen,
      by: actor.personId,
      at: new Date(),
      done: false,
    };
    const won = await updateStocktakingSessionIfVersion(session.id, session.version, { writeOff });
    if (won) return { session: won, claimed: true };
    const now = await stocktakingSessionById(session.id);
    if (!now?.writeOff) throw conflict('errors.conflict');
    return { session: now, claimed: false };
  }

  /** A claim without a record, older than a write-off takes, was abandoned: this confirmation takes it over. */
  private async takeOver(session: StocktakingSession): Promise<StocktakingSession> {
    const writeOff = session.writeOff!;
    if (Date.now() - new Date(writeOff.at).getTime() < ABANDONED_AFTER_MS)
      throw conflict('stocktaking.errors.writeOffUnderWay');
    const taken = await updateStocktakingSessionIfVersion(session.id, session.version, {
      writeOff: { ...writeOff, at: new Date() },
    });
    if (!taken) throw conflict('stocktaking.errors.writeOffUnderWay');
    return taken;
  }

  private async createRecord(actor: Actor, session: StocktakingSession, date: string) {
    const record = await this.registers.createWithdrawalRecord(actor, session.orgId, {
      date,
      reason: 'lost',
      documentNumber: null,
      note: `${STOCKTAKING_LOSS_NOTE}: ${session.name}`,
    });
    const writeOff = { ...session.writeOff!, recordId: record.id };
    const saved = await updateStocktakingSessionIfVersion(session.id, session.version, { writeOff });
    if (!saved) throw conflict('errors.conflict');
    return { session: saved, recordId: record.id };
  }

  /** Withdraws every chosen copy not yet in the record, then marks the write-off done. */
  private async finish(actor: Actor, session: StocktakingSession, recordId: string) {
    for (const id of session.writeOff!.copyIds) {
      let copy = await this.copies.load(actor, id, 'withdraw');
      if (copy.withdrawal?.recordId === recordId) continue;
      if (copy.status === 'withdrawn') continue;
      if (!canChangeStatus(copy.status, 'withdrawn'))
        copy = await this.copies.changeStatus(actor, id, copy.version, 'lost', { note: STOCKTAKING_LOSS_NOTE });
      await this.copies.withdraw(actor, id, copy.version, {
        record: { id: recordId },
        reason: 'lost',
        note: STOCKTAKING_LOSS_NOTE,
      });
    }
    const current = (await stocktakingSessionById(session.id))!;
    const writeOff = { ...current.writeOff!, recordId, done: true };
    return (await updateStocktakingSessionIfVersion(current.id, current.version, { writeOff })) ?? current;
  }
}
