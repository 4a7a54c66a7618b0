/**
 * The one error type that crosses every boundary (IPC, HTTP, job processes, CLI).
 * `where` names the file, field or value at fault so the analyst can act on it.
 */
export type StudioErrorCode =
  | 'bad-input'
  | 'bad-file'
  | 'not-found'
  | 'conflict'
  | 'locked'
  | 'forbidden'
  | 'unauthorized'
  | 'cancelled'
  | 'shape'
  | 'dtype'
  | 'unsupported'
  | 'runtime'
  | 'internal';

export interface StudioErrorJson {
  name: 'StudioError';
  code: StudioErrorCode;
  message: string;
  where?: string;
}

export class StudioError extends Error {
  override readonly name = 'StudioError';
  constructor(
    readonly code: StudioErrorCode,
    message: string,
    readonly where?: string,
  ) {
    super(where ? `${message} (${where})` : message);
  }

  /** The message without the `where` suffix, for UIs that show `where` separately. */
  get detail(): string {
    return this.where ? this.message.slice(0, -(this.where.length + 3)) : this.message;
  }

  toJSON(): StudioErrorJson {
    return { name: 'StudioError', code: this.code, message: this.detail, where: this.where };
  }

  static fromJSON(json: StudioErrorJson): StudioError {
    return new StudioError(json.code, json.message, json.where);
  }

  static isJson(value: unknown): value is StudioErrorJson {
    return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'StudioError';
  }

  /** Wraps anything thrown into a StudioError, keeping a StudioError as it is. */
  static from(err: unknown, where?: string): StudioError {
    if (err instanceof StudioError) return err;
    if (StudioError.isJson(err)) return StudioError.fromJSON(err);
    const message = err instanceof Error ? err.message : String(err);
    return new StudioError('internal', message, where);
  }
}
