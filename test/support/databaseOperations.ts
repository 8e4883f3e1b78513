/**
 * The database operations a call makes, as `command collection`, counted with the driver's command
 * monitoring (the real database, over real HTTP): on the embedded database each costs about a
 * millisecond of CPU, so a page's count is its budget. Printed with TEST_LOG_OPERATIONS=1.
 */
import mongoose from 'mongoose';
import type { CommandStartedEvent } from 'mongodb';

/** What the change feed's poll reads every second (src/services/changeFeed.ts), whatever the call does. */
const FEED_POLLING = ['find counters', 'find changes'];

export async function databaseOperations(call: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const client = mongoose.connection.getClient();
  const listen = (e: CommandStartedEvent) => {
    const target = e.command[e.commandName] as unknown;
    const operation = `${e.commandName} ${typeof target === 'string' ? target : ''}`.trim();
    if (!FEED_POLLING.includes(operation)) seen.push(operation);
  };
  client.on('commandStarted', listen);
  try {
    await call();
  } finally {
    client.off('commandStarted', listen);
  }
  if (process.env.TEST_LOG_OPERATIONS) process.stdout.write(`      ${seen.length}: ${seen.join(', ')}\n`);
  return seen;
}
