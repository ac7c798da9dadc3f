/**
 * Model validation for the ARC JSON APIs, producing the messages AWS's
 * Smithy/Coral services use ("1 validation error detected: Value 'on' at
 * 'routingControlState' failed to satisfy constraint: ...").
 */
import { ARN_PATTERN } from '../arns';
import { AwsError } from '../http/wire';

interface FieldProblem {
  name: string;
  message: string;
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  return JSON.stringify(value);
}

/** The camelCase member path AWS puts in messages: routingControlArn, entries.1.member.x. */
function wirePath(path: string): string {
  return path
    .split('.')
    .map(part =>
      /^\d+$/.test(part) ? part : part.charAt(0).toLowerCase() + part.slice(1),
    )
    .join('.');
}

/** Collects problems with one request; `throwIfAny` raises a ValidationException. */
export class Validator {
  private readonly problems: FieldProblem[] = [];

  constructor(private readonly body: Record<string, unknown>) {}

  private add(path: string, value: unknown, constraint: string): void {
    const name = wirePath(path);
    this.problems.push({
      name,
      message: `Value ${describe(
        value,
      )} at '${name}' failed to satisfy constraint: ${constraint}`,
    });
  }

  get(path: string): unknown {
    return this.body[path];
  }

  /** A string member: required, length-bounded, optionally patterned. */
  string(
    path: string,
    value: unknown,
    opts: { required?: boolean; min?: number; max?: number; pattern?: RegExp },
  ): string | undefined {
    if (value === undefined || value === null) {
      if (opts.required) this.add(path, value, 'Member must not be null');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.add(path, value, 'Member must be a string');
      return undefined;
    }
    if (opts.min !== undefined && value.length < opts.min) {
      this.add(
        path,
        value,
        `Member must have length greater than or equal to ${opts.min}`,
      );
      return undefined;
    }
    if (opts.max !== undefined && value.length > opts.max) {
      this.add(
        path,
        value,
        `Member must have length less than or equal to ${opts.max}`,
      );
      return undefined;
    }
    if (opts.pattern && !opts.pattern.test(value)) {
      this.add(
        path,
        value,
        `Member must satisfy regular expression pattern: ${opts.pattern.source}`,
      );
      return undefined;
    }
    return value;
  }

  arn(path: string, value: unknown, required: boolean): string | undefined {
    return this.string(path, value, {
      required,
      min: 1,
      max: 255,
      pattern: ARN_PATTERN,
    });
  }

  enumValue<T extends string>(
    path: string,
    value: unknown,
    allowed: T[],
    required: boolean,
  ): T | undefined {
    if (value === undefined || value === null) {
      if (required) this.add(path, value, 'Member must not be null');
      return undefined;
    }
    if (typeof value !== 'string' || !(allowed as string[]).includes(value)) {
      this.add(
        path,
        value,
        `Member must satisfy enum value set: [${[...allowed]
          .sort()
          .join(', ')}]`,
      );
      return undefined;
    }
    return value as T;
  }

  integer(
    path: string,
    value: unknown,
    opts: { min?: number; max?: number },
  ): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.add(path, value, 'Member must be an integer');
      return undefined;
    }
    if (opts.min !== undefined && value < opts.min) {
      this.add(
        path,
        value,
        `Member must have value greater than or equal to ${opts.min}`,
      );
      return undefined;
    }
    if (opts.max !== undefined && value > opts.max) {
      this.add(
        path,
        value,
        `Member must have value less than or equal to ${opts.max}`,
      );
      return undefined;
    }
    return value;
  }

  list(path: string, value: unknown, required: boolean): unknown[] | undefined {
    if (value === undefined || value === null) {
      if (required) this.add(path, value, 'Member must not be null');
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.add(path, value, 'Member must be a list');
      return undefined;
    }
    return value;
  }

  object(
    path: string,
    value: unknown,
    required: boolean,
  ): Record<string, unknown> | undefined {
    if (value === undefined || value === null) {
      if (required) this.add(path, value, 'Member must not be null');
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.add(path, value, 'Member must be a structure');
      return undefined;
    }
    return value as Record<string, unknown>;
  }

  /** A problem that is not a plain model constraint (e.g. an ARN of the wrong kind). */
  custom(path: string, value: unknown, constraint: string): void {
    this.add(path, value, constraint);
  }

  /**
   * Throws ARC's ValidationException (with `reason` and `fields`) when there
   * are problems; `build` makes another service's error from the message.
   */
  throwIfAny(build?: (message: string) => AwsError): void {
    if (this.problems.length === 0) return;
    const count = this.problems.length;
    const message = `${count} validation error${
      count === 1 ? '' : 's'
    } detected: ${this.problems.map(p => p.message).join('; ')}`;
    if (build) throw build(message);
    throw new AwsError('ValidationException', 400, message, {
      reason: 'fieldValidationFailed',
      fields: this.problems,
    });
  }
}
