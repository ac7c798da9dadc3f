/**
 * CloudWatch (`monitoring`, API 2010-08-01): `DescribeAlarms`, over the two
 * protocols the service model offers clients today: awsJson1_0 (`X-Amz-Target:
 * GraniteServiceVersion20100801.DescribeAlarms`, what the AWS SDK for
 * JavaScript and botocore send) and smithy-rpc-v2-cbor (`POST
 * /service/GraniteServiceVersion20100801/operation/DescribeAlarms`).
 *
 * CloudWatch is regional: this one listener answers every region, and a
 * request's region is its signing scope's (any region code), its account the
 * signing key's. Alarms are kept per account and region, so one region's
 * alarms are invisible from another, as on AWS.
 *
 * The service is awsQueryCompatible: every error names its query-protocol
 * code in `x-amzn-query-error: <Code>;<Sender|Receiver>`, which the SDKs and
 * botocore report as the error's code.
 */
import { cbor, dateToTag } from '@smithy/core/cbor';
import { alarmArn } from '../arns';
import { Validator } from '../arc/validation';
import { decodeToken, paginate } from '../http/json';
import { ServiceHandler } from '../http/listener';
import { AwsError, HandlerResponse, RequestContext } from '../http/wire';
import { ALARM_STATES } from '../fixtureSchema';
import { EmulatorStore } from '../store';
import { AlarmSnapshot } from '../types';
import { toError } from '@backstage/errors';

/** The model's service target (awsJson) and service name (rpc-v2-cbor). */
const SERVICE_TARGET = 'GraniteServiceVersion20100801';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
const CBOR_CONTENT_TYPE = 'application/cbor';
const CBOR_PATH = new RegExp(
  `^/service/${SERVICE_TARGET}/operation/([A-Za-z0-9]+)$`,
);
const OPERATIONS = new Set(['DescribeAlarms']);
/** The region of a request without a signing scope (verification off). */
const UNSIGNED_REGION = 'us-east-1';
/** DescribeAlarms' page size when MaxRecords is absent (a guess: AWS documents only 1-100). */
const DEFAULT_MAX_RECORDS = 50;
const ALARM_TYPES = ['CompositeAlarm', 'MetricAlarm'];

type Protocol = 'json' | 'cbor';

/**
 * The JSON/CBOR `__type` and the fault of each query code this listener
 * answers. Modelled errors (InvalidNextToken, InvalidParameterCombination,
 * InternalServiceError) carry their shape in the service's namespace; the
 * framework's (validation, authentication, throttling) Coral's names, as
 * other JSON services send them.
 */
const ERROR_TYPES: Record<
  string,
  { type: string; fault: 'Sender' | 'Receiver' }
> = {
  InvalidNextToken: {
    type: 'com.amazonaws.cloudwatch#InvalidNextToken',
    fault: 'Sender',
  },
  InvalidParameterCombination: {
    type: 'com.amazonaws.cloudwatch#InvalidParameterCombinationException',
    fault: 'Sender',
  },
  InternalServiceError: {
    type: 'com.amazonaws.cloudwatch#InternalServiceFault',
    fault: 'Receiver',
  },
  ValidationError: {
    type: 'com.amazon.coral.validate#ValidationException',
    fault: 'Sender',
  },
  InvalidAction: {
    type: 'com.amazon.coral.service#UnknownOperationException',
    fault: 'Sender',
  },
  SerializationException: {
    type: 'com.amazon.coral.service#SerializationException',
    fault: 'Sender',
  },
  Throttling: {
    type: 'com.amazon.coral.availability#ThrottlingException',
    fault: 'Sender',
  },
  ServiceUnavailable: {
    type: 'com.amazon.coral.availability#ServiceUnavailableException',
    fault: 'Receiver',
  },
  MissingAuthenticationToken: {
    type: 'com.amazon.coral.service#MissingAuthenticationTokenException',
    fault: 'Sender',
  },
  IncompleteSignature: {
    type: 'com.amazon.coral.service#IncompleteSignatureException',
    fault: 'Sender',
  },
  InvalidClientTokenId: {
    type: 'com.amazon.coral.service#UnrecognizedClientException',
    fault: 'Sender',
  },
  SignatureDoesNotMatch: {
    type: 'com.amazon.coral.service#InvalidSignatureException',
    fault: 'Sender',
  },
};

function header(ctx: RequestContext, name: string): string {
  const value = ctx.headers[name];
  return (Array.isArray(value) ? value.join(',') : value) ?? '';
}

/** rpc-v2-cbor by its path and `smithy-protocol` header; awsJson1_0 otherwise. */
function protocolOf(ctx: RequestContext): Protocol {
  return CBOR_PATH.test(ctx.path) &&
    header(ctx, 'smithy-protocol').toLowerCase() === 'rpc-v2-cbor'
    ? 'cbor'
    : 'json';
}

/** The operation name the request asks for, as sent ('' when there is none). */
function requestedOperation(ctx: RequestContext): string {
  if (protocolOf(ctx) === 'cbor') return CBOR_PATH.exec(ctx.path)![1];
  const target = header(ctx, 'x-amz-target');
  return target.startsWith(`${SERVICE_TARGET}.`)
    ? target.slice(SERVICE_TARGET.length + 1)
    : '';
}

function decodeBody(body: Buffer, protocol: Protocol): unknown {
  if (body.length === 0) return {};
  return protocol === 'cbor'
    ? cbor.deserialize(body)
    : JSON.parse(body.toString('utf8'));
}

function validationError(message: string): AwsError {
  return new AwsError('ValidationError', 400, message);
}

/** Epoch seconds, the awsJson1_0 wire form of a timestamp. */
function epochSeconds(iso: string | undefined): number {
  return Date.parse(iso ?? '') / 1000;
}

/** A response body in the request's protocol; CBOR timestamps become tag 1. */
function encode(
  value: unknown,
  protocol: Protocol,
  timestampKeys: ReadonlySet<string> = new Set(),
): string | Uint8Array {
  if (protocol === 'json') return JSON.stringify(value);
  const tagged = (v: unknown, key?: string): unknown => {
    if (key !== undefined && timestampKeys.has(key) && typeof v === 'number')
      return dateToTag(new Date(v * 1000));
    if (Array.isArray(v)) return v.map(item => tagged(item));
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v).map(([k, item]) => [k, tagged(item, k)]),
      );
    return v;
  };
  return cbor.serialize(tagged(value));
}

const TIMESTAMPS = new Set([
  'StateUpdatedTimestamp',
  'StateTransitionedTimestamp',
]);

/** The CloudWatch handler. */
export class CloudWatchHandler implements ServiceHandler {
  readonly service = 'cloudwatch' as const;
  readonly signingService = 'monitoring';
  readonly signatureErrorCodes = 'xml' as const;

  constructor(private readonly store: EmulatorStore) {}

  faultError(
    mode: 'unavailable' | 'unavailable-400' | 'internal' | 'throttle',
  ): AwsError {
    if (mode === 'throttle')
      return new AwsError('Throttling', 400, 'Rate exceeded');
    if (mode === 'internal') {
      return new AwsError(
        'InternalServiceError',
        500,
        'Internal service error',
      );
    }
    return new AwsError(
      'ServiceUnavailable',
      mode === 'unavailable' ? 503 : 400,
      'The request has failed due to a temporary failure of the server.',
    );
  }

  /** `__type` and `message` in the request's protocol, plus the query code header. */
  renderError(error: AwsError, ctx: RequestContext): HandlerResponse {
    const protocol = protocolOf(ctx);
    const known = ERROR_TYPES[error.code];
    const fault = known?.fault ?? (error.status >= 500 ? 'Receiver' : 'Sender');
    const type = known?.type ?? error.code;
    const headers: Record<string, string> = {
      'Content-Type':
        protocol === 'cbor' ? CBOR_CONTENT_TYPE : JSON_CONTENT_TYPE,
      'x-amzn-query-error': `${error.code};${fault}`,
      'x-amzn-ErrorType': type.slice(type.indexOf('#') + 1),
    };
    if (protocol === 'cbor') headers['smithy-protocol'] = 'rpc-v2-cbor';
    if (error.retryAfterSeconds !== undefined)
      headers['Retry-After'] = String(error.retryAfterSeconds);
    return {
      status: error.status,
      headers,
      body: encode(
        { __type: type, message: error.message, ...error.members },
        protocol,
      ),
    };
  }

  identify(ctx: RequestContext): void {
    const operation = requestedOperation(ctx);
    ctx.operation = OPERATIONS.has(operation) ? operation : 'unknown';
    try {
      ctx.logBody = decodeBody(ctx.body, protocolOf(ctx));
    } catch {
      ctx.logBody = ctx.body.length ? ctx.body.toString('utf8') : undefined;
    }
  }

  handle(ctx: RequestContext): HandlerResponse {
    const protocol = protocolOf(ctx);
    const requested = requestedOperation(ctx);
    if (!OPERATIONS.has(requested)) {
      throw new AwsError(
        'InvalidAction',
        400,
        requested
          ? `Unknown or unemulated operation ${requested}; the emulator serves DescribeAlarms`
          : `Expected X-Amz-Target: ${SERVICE_TARGET}.<operation> (awsJson1_0) or POST /service/${SERVICE_TARGET}/operation/<operation> with smithy-protocol: rpc-v2-cbor; the query protocol (Action=...) is not emulated`,
      );
    }
    if (ctx.method !== 'POST') {
      throw new AwsError(
        'InvalidAction',
        400,
        `CloudWatch accepts POST only, not ${ctx.method}`,
      );
    }
    const wanted = protocol === 'cbor' ? CBOR_CONTENT_TYPE : JSON_CONTENT_TYPE;
    const contentType = header(ctx, 'content-type');
    if (!contentType.startsWith(wanted)) {
      throw new AwsError(
        'SerializationException',
        400,
        `Content-Type must be ${wanted}, got '${contentType}'`,
      );
    }
    let body: unknown;
    try {
      body = decodeBody(ctx.body, protocol);
    } catch (error) {
      throw new AwsError(
        'SerializationException',
        400,
        `Could not parse the request body as ${
          protocol === 'cbor' ? 'CBOR' : 'JSON'
        }: ${toError(error).message}`,
      );
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new AwsError(
        'SerializationException',
        400,
        'The request body must be a structure',
      );
    }
    const region = ctx.scope?.region ?? UNSIGNED_REGION;
    const output = this.describeAlarms(
      body as Record<string, unknown>,
      ctx.accountId ?? '',
      region,
    );
    const headers: Record<string, string> = {
      'Content-Type': wanted,
    };
    if (protocol === 'cbor') headers['smithy-protocol'] = 'rpc-v2-cbor';
    return {
      status: 200,
      headers,
      body: encode(output, protocol, TIMESTAMPS),
    };
  }

  private describeAlarms(
    body: Record<string, unknown>,
    accountId: string,
    region: string,
  ) {
    const v = new Validator(body);
    const names = v.list('AlarmNames', body.AlarmNames, false);
    if (names && names.length > 100) {
      v.custom(
        'AlarmNames',
        `[${names.join(', ')}]`,
        'Member must have length less than or equal to 100',
      );
    }
    const wantedNames = new Set<string>();
    names?.forEach((name, i) => {
      const checked = v.string(`AlarmNames.${i + 1}.member`, name, {
        min: 1,
        max: 255,
      });
      if (checked !== undefined) wantedNames.add(checked);
    });
    const prefix = v.string('AlarmNamePrefix', body.AlarmNamePrefix, {
      min: 1,
      max: 255,
    });
    const types = v.list('AlarmTypes', body.AlarmTypes, false);
    types?.forEach((type, i) =>
      v.enumValue(`AlarmTypes.${i + 1}.member`, type, ALARM_TYPES, true),
    );
    const children = v.string('ChildrenOfAlarmName', body.ChildrenOfAlarmName, {
      min: 1,
      max: 255,
    });
    const parents = v.string('ParentsOfAlarmName', body.ParentsOfAlarmName, {
      min: 1,
      max: 255,
    });
    const state = v.enumValue(
      'StateValue',
      body.StateValue,
      [...ALARM_STATES],
      false,
    );
    const actionPrefix = v.string('ActionPrefix', body.ActionPrefix, {
      min: 1,
      max: 1024,
    });
    const maxRecords = v.integer('MaxRecords', body.MaxRecords, {
      min: 1,
      max: 100,
    });
    const token = v.string('NextToken', body.NextToken, {});
    v.throwIfAny(validationError);

    // An empty AlarmNames list filters nothing: the query protocol, which
    // CloudWatch kept compatible, cannot tell it from an absent one.
    if (wantedNames.size > 0 && prefix !== undefined) {
      throw new AwsError(
        'InvalidParameterCombination',
        400,
        'AlarmNames and AlarmNamePrefix cannot be specified together.',
      );
    }
    const family = children !== undefined || parents !== undefined;
    const others = [
      wantedNames.size > 0,
      prefix,
      types?.length,
      state,
      actionPrefix,
    ].some(Boolean);
    if (
      (children !== undefined && parents !== undefined) ||
      (family && others)
    ) {
      throw validationError(
        'With ChildrenOfAlarmName or ParentsOfAlarmName, no parameter other than MaxRecords and NextToken may be specified.',
      );
    }
    const offset = token === undefined ? 0 : decodeToken(token);
    if (offset === undefined) {
      throw new AwsError(
        'InvalidNextToken',
        400,
        'The next token specified is invalid.',
      );
    }

    // The emulator has metric alarms only, without actions: composite
    // alarms, their children and parents, and action prefixes match none.
    const wantMetric = !types?.length || types.includes('MetricAlarm');
    const matching =
      !wantMetric || family || actionPrefix !== undefined
        ? []
        : this.store
            .alarmsIn(accountId, region)
            .filter(
              a =>
                (wantedNames.size === 0 || wantedNames.has(a.AlarmName)) &&
                (prefix === undefined || a.AlarmName.startsWith(prefix)) &&
                (state === undefined || a.StateValue === state),
            );
    const { page, next } = paginate(
      matching,
      offset,
      maxRecords ?? DEFAULT_MAX_RECORDS,
    );
    return {
      MetricAlarms: page.map(metricAlarm),
      CompositeAlarms: [],
      ...(next ? { NextToken: next } : {}),
    };
  }
}

function metricAlarm(alarm: AlarmSnapshot) {
  const at = epochSeconds(alarm.StateUpdatedTimestamp);
  return {
    AlarmName: alarm.AlarmName,
    AlarmArn: alarmArn(alarm.Region, alarm.AccountId, alarm.AlarmName),
    StateValue: alarm.StateValue,
    StateReason: alarm.StateReason,
    StateUpdatedTimestamp: at,
    StateTransitionedTimestamp: at,
    ...(alarm.MetricName !== undefined ? { MetricName: alarm.MetricName } : {}),
    ...(alarm.Namespace !== undefined ? { Namespace: alarm.Namespace } : {}),
  };
}
