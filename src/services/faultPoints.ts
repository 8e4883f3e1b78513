/**
 * Named points between the writes of a multi-step action, where a fault test makes the process die
 * as a kill -9 would (TEST_KILL_AFTER_STEP, honoured under NODE_ENV=test only): a signal sent from
 * outside cannot be timed between two writes of one request. Everywhere else a point does nothing.
 */

/** Called after each step with its name (`service.step`). */
export type StepPoint = (step: string) => void;

export const noStepPoint: StepPoint = () => {};

export function killAfterStep(named: string | null): StepPoint {
  if (!named) return noStepPoint;
  return (step) => {
    if (step === named) process.kill(process.pid, 'SIGKILL');
  };
}
