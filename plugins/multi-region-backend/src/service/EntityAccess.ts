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
import {
  authorizeEach,
  callerPermissions,
  decideForEntity,
  EntityDecisions,
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
 * The first step of every request about one entity: read it from the catalog
 * AS THE CALLER, then decide the caller's permissions on it. A caller who may
 * not read its status learns nothing more.
 */
export class EntityAccess {
  constructor(
    private readonly deps: {
      entities: EntityResolver;
      permissions: PermissionsService;
      auth: AuthService;
      readOnly: boolean;
      /** Why failovers are refused for everyone (permission framework off). */
      failoverRefusal?: string;
    },
  ) {}

  /** The entity and the caller's decisions; 404 when invisible, 403 without read permission. */
  async readable(
    rawRef: string,
    credentials: BackstageCredentials,
  ): Promise<ReadableEntity> {
    const entityRef = normaliseEntityRef(rawRef);
    const resolved = await this.deps.entities.getAsCaller(
      entityRef,
      credentials,
    );
    const decisions = await decideForEntity(
      this.deps.permissions,
      credentials,
      resolved.entityRef,
    );
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
