/**
 * One case end to end: the exact answer (exact.ts), the engine's answer (any `Ask`: a process
 * speaking the protocol, or a function in the same process), the answer's validation
 * (protocol.ts) and the judgement (judge.ts). Shared by `relu-regions oracle`, the in-process
 * oracle (src/testing/oracle.ts) and the reproducer.
 */
import type { OracleCase } from './cases.js';
import { solveCase, type Solved } from './exact.js';
import { judge, type Judgement } from './judge.js';
import { validateAnswer, type EngineAnswer, type OracleRequest } from './protocol.js';

/** The engine's reply: the parsed JSON value and, from a process, the raw line. */
export interface EngineReply {
  value: unknown;
  raw?: string;
}

/** Asks the engine one request. Rejects only when the engine itself failed (exited, garbage, timeout). */
export type Ask = (request: OracleRequest) => Promise<EngineReply>;

export type CaseOutcome =
  | { status: 'stopped' }
  | { status: 'malformed'; reason: string; request: OracleRequest; reply: EngineReply; solved: Solved }
  | { status: Judgement['status']; judgement: Judgement; request: OracleRequest; reply: EngineReply; answer: EngineAnswer; solved: Solved; engineSeconds: number };

export interface CheckCaseOptions {
  id: number | string;
  /** Check the answer's id (process engines); in-process engines may leave it out. */
  checkId?: boolean;
  shouldStop?: () => boolean;
  /** Also compute the exact answer's certificate. */
  certificate?: boolean;
}

export async function checkCase(c: OracleCase, ask: Ask, options: CheckCaseOptions): Promise<CaseOutcome> {
  const solved = await solveCase(c, { shouldStop: options.shouldStop, certificate: options.certificate });
  if (!solved) return { status: 'stopped' };
  const request = { id: options.id, ...solved.request } as OracleRequest;
  const start = performance.now();
  const reply = await ask(request);
  const engineSeconds = (performance.now() - start) / 1000;
  const v = validateAnswer(c.query, reply.value, { id: options.checkId ? options.id : undefined, inputSize: c.network.inputSize });
  if (!v.ok) return { status: 'malformed', reason: v.reason, request, reply, solved };
  const judgement = judge(c, solved.exact, v.answer);
  return { status: judgement.status, judgement, request, reply, answer: v.answer, solved, engineSeconds };
}
