import { expect } from 'vitest';
import { InputError } from '../../src/errors.js';

/** The message of the InputError that f throws (fails the test if it throws nothing or another error). */
export function inputErrorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).name).toBe('InputError');
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}
