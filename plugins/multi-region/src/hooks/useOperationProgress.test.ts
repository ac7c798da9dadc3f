import { Operation } from '@multi-region-failover/plugin-multi-region-common';
import { isFinished } from './useOperationProgress';

describe('isFinished', () => {
  const op = (status: Operation['status']) => ({ status } as Operation);

  it.each(['succeeded', 'failed', 'reconciled', 'refused', 'unknown'] as const)(
    'stops following an operation that is %s',
    status => expect(isFinished(op(status))).toBe(true),
  );

  it.each(['pending', 'in-progress'] as const)(
    'keeps following one that is %s',
    status => expect(isFinished(op(status))).toBe(false),
  );
});
