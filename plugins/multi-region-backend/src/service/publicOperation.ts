import { Operation } from '@multi-region-failover/plugin-multi-region-common';
import { StoredOperation } from '../database/OperationsStore';

/** Removes internal columns before an operation leaves the server. */
export function publicOperation(op: StoredOperation): Operation;
export function publicOperation(op?: StoredOperation): Operation | undefined;
export function publicOperation(op?: StoredOperation): Operation | undefined {
  if (!op) return undefined;
  const { controlPanelArn: _p, intent: _i, found: _f, ...rest } = op;
  return rest;
}
