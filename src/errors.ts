/** A problem with user-supplied input (files, flags). Messages are one line: "<place>: <what is wrong>". */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * Runs `f`, prefixing the message of any InputError with `prefix: ` so parsers can report bare
 * places and the caller adds the file name. Messages that already start with the prefix
 * (whole-document errors such as invalid JSON, which name their source) are left alone.
 */
export function withPrefix<T>(prefix: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof InputError && !e.message.startsWith(`${prefix}: `)) {
      throw new InputError(`${prefix}: ${e.message}`);
    }
    throw e;
  }
}

/**
 * The question has no answer of the kind asked for (e.g. the range of an output that is
 * unbounded on the domain): not bad input, not a negative finding. The CLI exits with 3.
 */
export class NoAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoAnswerError';
  }
}
