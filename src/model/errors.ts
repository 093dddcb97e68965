/**
 * Error classes. Only `cli/` turns them into exit codes; parsers return diagnostics instead of
 * throwing.
 */

export class XenscopeError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad flags or arguments: exit 2. */
export class UsageError extends XenscopeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('usage', message, options);
  }
}

/** Nothing at all could be read: exit 3. Partly bad input is diagnostics, not this. */
export class InputError extends XenscopeError {
  readonly file: string | undefined;
  readonly line: number | undefined;
  constructor(message: string, where: { file?: string; line?: number } = {}, options?: { cause?: unknown }) {
    super('input', message, options);
    this.file = where.file;
    this.line = where.line;
  }
}

export class StoreError extends XenscopeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('store', message, options);
  }
}

/** A store or source lacks a capability the caller asked for. */
export class UnsupportedError extends XenscopeError {
  readonly capability: string;
  constructor(capability: string, message: string) {
    super('unsupported', message);
    this.capability = capability;
  }
}

/** A source found nothing to report (a host without vifs); logged at debug level only. */
export class NoDataError extends XenscopeError {
  constructor(message: string) {
    super('no_data', message);
  }
}
