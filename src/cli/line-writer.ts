/** Buffered synchronous JSONL file writer: lines reach the file in 64 KiB chunks, and on close. */
import { closeSync, openSync, writeSync } from 'node:fs';
import { InputError } from '../errors.js';

export class JsonlFileWriter {
  private readonly fd: number;
  private buffer: string[] = [];
  private size = 0;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'w');
    } catch (e) {
      throw new InputError(`${path}: cannot write: ${(e as Error).message}`);
    }
  }

  write(value: unknown): void {
    const line = JSON.stringify(value) + '\n';
    this.buffer.push(line);
    this.size += line.length;
    if (this.size > 1 << 16) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
