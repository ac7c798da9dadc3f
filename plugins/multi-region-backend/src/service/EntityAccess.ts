import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  CallerPermissions,
  MultiRegionConfig,
  multiRegionStatusReadPermission,
  regionByCode,
  RegionRole,
} from '@multi-region-failover/plugin-multi-region-common';
import { CallerCache } from '../permissions/CallerCache';
import { callerKeyOf } from '../permissions/callerKey';
import {
  authorizeEach,
  callerPermissions,
  decideForEntity,
  EntityDecisions,
  StatusReadScope,
  statusReadScope,
} from '../permissions/decisions';
import {
  EntityResolver,
  normaliseEntityRef,
  ResolvedEntity,
} from './EntityResolver';

/** An entity the caller may read, with the caller's decisions on it. */
export interface ReadableEntity {
  resolved: ResolvedEntity;
  decisions: EntityDecisions;
}

/**
 * How long a caller's own reads and decisions are reused by the read-only
 * routes (status, services): a page asking for the same entity twice, or a
 * card polling it, costs one catalog read and one decision per few seconds.
 * Changes to the entity, its ownership or the policy show after at most
 * this long there; failovers, plans and history always decide afresh.
 */
export const CALLER_REUSE_TTL_MS = 5_000;
/** Entries kept per cache (a few MB at most: one entity and three booleans each). */
export const CALLER_REUSE_MAX_ENTRIES = 1_000;

/**
 * The first step of every request about one entity: read it from the catalog
 * AS THE CALLER and decide the caller's permissions on it. A caller who may
 * not read its status learns nothing more.
 */
export class EntityAccess {
  private readonly recentReads: CallerCache<ReadableEntity>;
  private readonly recentScopes: CallerCache<StatusReadScope>;

  constructor(
    private readonly deps: {
      entities: EntityResolver;
      permissions: PermissionsService;
      auth: AuthService;
      readOnly: boolean;
      /** Why failovers are refused for everyone (permission framework off). */
      failoverRefusal?: string;
      /** How long the read-only routes reuse a caller's reads (default {@link CALLER_REUSE_TTL_MS}; 0: never). */
      callerReuseTtlMs?: number;
      /** The clock of that reuse (tests). */
      now?: () => number;
    },
  ) {
    const cache = {
      ttlMs: deps.callerReuseTtlMs ?? CALLER_REUSE_TTL_MS,
      maxEntries: CALLER_REUSE_MAX_ENTRIES,
      now: deps.now,
    };
    this.recentReads = new CallerCache(cache);
    this.recentScopes = new CallerCache(cache);
  }

  /**
   * The entity and the caller's decisions; 404 when invisible, 403 without
   * read permission. With `reuse` (read-only routes), the caller's own
   * answer of the last few seconds serves (never another caller's; a 403 or
   * 404 is never reused).
   */
  async readable(
    rawRef: string,
    credentials: BackstageCredentials,
    options: { reuse?: boolean } = {},
  ): Promise<ReadableEntity> {
    const entityRef = normaliseEntityRef(rawRef);
    const read = () => this.readAndDecide(entityRef, credentials);
    return options.reuse
      ? this.recentReads.get(
          callerKeyOf(credentials),
          // entity refs are case-insensitive
          entityRef.toLocaleLowerCase('en-US'),
          read,
        )
      : read();
  }

  /** The catalog read and the decisions, both as the caller and at once. */
  private async readAndDecide(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<ReadableEntity> {
    const [read, decided] = await Promise.allSettled([
      this.deps.entities.getAsCaller(entityRef, credentials),
      decideForEntity(this.deps.permissions, credentials, entityRef),
    ]);
    // what the catalog says comes first: an invisible entity is a 404
    if (read.status === 'rejected') throw read.reason;
    const resolved = read.value;
    if (decided.status === 'rejected') throw decided.reason;
    let decisions = decided.value;
    // the catalog matched another spelling: decide on the entity's own ref
    if (resolved.entityRef !== entityRef) {
      decisions = await decideForEntity(
        this.deps.permissions,
        credentials,
        resolved.entityRef,
      );
    }
    if (!decisions.read) {
      throw new NotAllowedError(
        `You may not read the multi-region status of ${resolved.entityRef} (${multiRegionStatusReadPermission.name} denied).`,
      );
    }
    return { resolved, decisions };
  }

  /** As {@link EntityAccess.readable}, and its annotations must be valid (else a 400 listing them). */
  async configured(
    rawRef: string,
    credentials: BackstageCredentials,
  ): Promise<ReadableEntity & { config: MultiRegionConfig }> {
    const { resolved, decisions } = await this.readable(rawRef, credentials);
    if (!resolved.config) {
      throw new InputError(
        `The multi-region annotations of ${
          resolved.entityRef
        } are invalid: ${resolved.annotationErrors
          .map(p => `${p.annotation} ${p.problem} (expected ${p.expected})`)
          .join('; ')}`,
      );
    }
    return { resolved, decisions, config: resolved.config };
  }

  /**
   * Which entities the caller may read the status of, decided once for a
   * list (ONE conditional authorisation, the caller's own answer reused for
   * a few seconds like {@link EntityAccess.readable}).
   */
  statusReadScope(credentials: BackstageCredentials): Promise<StatusReadScope> {
    return this.recentScopes.get(callerKeyOf(credentials), 'status.read', () =>
      statusReadScope(this.deps.permissions, credentials),
    );
  }

  /**
   * The refs among `entityRefs` the caller may see in the catalog and, with
   * `status`, read the multi-region status of: what a response may name.
   */
  async mayRead(
    entityRefs: string[],
    credentials: BackstageCredentials,
    { status }: { status: boolean },
  ): Promise<Set<string>> {
    const decisions = await authorizeEach(
      this.deps.permissions,
      credentials,
      entityRefs,
      status
        ? [catalogEntityReadPermission, multiRegionStatusReadPermission]
        : [catalogEntityReadPermission],
    );
    return new Set(
      entityRefs.filter(ref => decisions.get(ref)?.every(Boolean)),
    );
  }

  /** What the UI may offer this caller (the server decides again on execute). */
  callerPermissions(
    decisions: EntityDecisions,
    credentials: BackstageCredentials,
  ): CallerPermissions {
    return callerPermissions(decisions, {
      readOnly: this.deps.readOnly,
      refusal: this.deps.failoverRefusal,
      isUser: this.deps.auth.isPrincipal(credentials, 'user'),
    });
  }
}

/** The role of a requested target region, or a 400 naming the entity's two regions. */
export function targetRoleOf(
  entityRef: string,
  config: MultiRegionConfig,
  targetRegion: string,
): RegionRole {
  const region = regionByCode(config, targetRegion);
  if (!region) {
    throw new InputError(
      `targetRegion "${targetRegion}" is neither the primary (${config.primary.region}) nor the secondary (${config.secondary.region}) region of ${entityRef}.`,
    );
  }
  return region.role;
}
