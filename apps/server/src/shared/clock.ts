/** The one source of the current time: services take it as `now`, tests inject a fixed one. */
export type Clock = () => Date;

/** The machine's clock, wired once in the composition roots (app.ts, main/worker.ts). */
export const systemClock: Clock = () => new Date();
