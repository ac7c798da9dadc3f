import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  NotAllowedError,
  ServiceUnavailableError,
  stringifyError,
} from '@backstage/errors';
import {
  ENTITY_REF_TAG,
  MultiRegionConfig,
  normaliseGroupRef,
  OWNER_TAG,
} from '@multi-region-failover/plugin-multi-region-common';
import { ControlPlaneCache } from '../arc/ControlPlaneCache';
import { EntityResolver, normaliseEntityRef } from './EntityResolver';

/** What a control panel's tag says about one entity's claim to it. */
export type PanelTagVerdict =
  | { kind: 'tagged-for-this' }
  | { kind: 'untagged' }
  | { kind: 'tagged-for-other'; tag: string };

/**
 * Reads the panel's `backstage.io/entity-ref` tag against an entity ref. The
 * tag may be written short (`orders`, `component:orders`): it is compared in
 * its full form.
 */
export function panelTagVerdict(
  tags: Record<string, string>,
  entityRef: string,
): PanelTagVerdict {
  const tag = tags[ENTITY_REF_TAG];
  if (!tag) return { kind: 'untagged' };
  let tagged: string;
  try {
    tagged = normaliseEntityRef(tag);
  } catch {
    tagged = tag;
  }
  return tagged === entityRef
    ? { kind: 'tagged-for-this' }
    : { kind: 'tagged-for-other', tag };
}

/** The groups owning an entity (its ownedBy relations and spec.owner), in full ref form. */
export function entityOwners(entity: Entity): string[] {
  const refs = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => r.targetRef);
  const specOwner = entity.spec?.owner;
  if (typeof specOwner === 'string' && specOwner) refs.push(specOwner);
  const owners = new Set<string>();
  for (const ref of refs) {
    try {
      owners.add(normaliseGroupRef(ref));
    } catch {
      // an owner that is not a ref owns nothing
    }
  }
  return [...owners];
}

/**
 * Why the panel's `backstage.io/owner` tag does not let this entity change
 * it, or undefined when it does: the tag must name a group owning the entity,
 * or one of the platform-admin groups. Binds the panel's authority to its
 * owners: holding the entity's NAME in the catalog is not enough.
 */
export function ownerTagProblem(
  tags: Record<string, string>,
  entityRef: string,
  owners: string[],
  platformAdminGroups: string[],
): string | undefined {
  const panelOwner = tags[OWNER_TAG];
  const expected = owners.length
    ? owners.map(o => `${OWNER_TAG}=${o}`).join(' or ')
    : `${OWNER_TAG}=<the group owning ${entityRef}>`;
  if (!panelOwner) {
    return `has no ${OWNER_TAG} tag, so the portal cannot verify that the team owning ${entityRef} owns the panel. Tag the panel with ${expected} (docs/security.md, "Migrating existing panels").`;
  }
  let normalised: string;
  try {
    normalised = normaliseGroupRef(panelOwner);
  } catch {
    return `is tagged ${OWNER_TAG}=${panelOwner}, which is not a group ref; expected ${expected}.`;
  }
  if (owners.includes(normalised) || platformAdminGroups.includes(normalised)) {
    return undefined;
  }
  return `is tagged ${OWNER_TAG}=${panelOwner}, but ${entityRef} is owned by ${
    owners.join(', ') || 'no group'
  }: the panel belongs to another team. Expected ${expected}${
    platformAdminGroups.length
      ? ` (or a platform-admin group: ${platformAdminGroups.join(', ')})`
      : ''
  }.`;
}

/**
 * Who may change a control panel: the entity its `backstage.io/entity-ref`
 * tag names, while its `backstage.io/owner` tag names a group owning that
 * entity (or a platform-admin group), and no one else.
 *
 * - Untagged panel: refused (ownership cannot be verified). If other catalog
 *   entities name the same panel or controls, the message names them too,
 *   since the portal cannot tell which of them owns it.
 * - Tag names another entity: refused (hijacking annotation).
 * - Owner tag missing or naming a group that does not own the entity:
 *   refused (whoever registers an entity under the tagged name, before its
 *   owners or after them, does not inherit the panel).
 * - Tag names this entity: allowed. Other entities naming the same panel or
 *   controls are squatters (registering a catalog-info.yaml is enough to
 *   name anything): they do NOT block the owner, they are logged as a
 *   warning and returned for the operation's record.
 */
export class PanelOwnership {
  constructor(
    private readonly deps: {
      controlPlane: Pick<ControlPlaneCache, 'listTags'>;
      entities: Pick<EntityResolver, 'otherClaimants'>;
      logger: LoggerService;
      platformAdminGroups: string[];
    },
  ) {}

  /**
   * Resolves with the ignored squatters (every one, for the log; callers show
   * only those the person may see), or throws why the entity may not change
   * the panel. Messages never name other entities: they are stored in the
   * history, which people who cannot see those entities read.
   */
  async check(
    entity: Entity,
    config: MultiRegionConfig,
  ): Promise<{ squatters: string[] }> {
    const entityRef = stringifyEntityRef(entity);
    const panel = config.controlPanelArn;
    let tags: Record<string, string>;
    try {
      tags = await this.deps.controlPlane.listTags(config.accountId, panel);
    } catch (error) {
      throw new ServiceUnavailableError(
        `Could not read the tags of control panel ${panel} (ARC control plane), so its ownership cannot be verified: ${stringifyError(
          error,
        )}`,
        error,
      );
    }
    const verdict = panelTagVerdict(tags, entityRef);
    if (verdict.kind === 'tagged-for-other') {
      throw new NotAllowedError(
        `Control panel ${panel} is tagged ${ENTITY_REF_TAG}=${verdict.tag}, not ${entityRef}: this entity's annotations point at another app's control panel. Refusing to change it.`,
      );
    }
    if (verdict.kind === 'untagged') {
      const others = await this.otherClaimants(entityRef, config);
      if (others.length > 0) {
        this.deps.logger.warn(
          `Untagged control panel ${panel} is claimed by ${entityRef} and by ${others.join(
            ', ',
          )}; tag it with ${ENTITY_REF_TAG}=<the owning entity's ref>.`,
        );
      }
      throw new NotAllowedError(
        others.length > 0
          ? `Control panel ${panel} has no ${ENTITY_REF_TAG} tag, and its control panel or routing controls are claimed by ${entityRef} and by ${
              others.length
            } other catalog entit${
              others.length > 1 ? 'ies' : 'y'
            } (named in the portal's log), so the portal cannot tell which entity owns it. Refusing to fail over. To resolve it, tag the panel with ${ENTITY_REF_TAG}=<the owning entity's ref> (e.g. ${ENTITY_REF_TAG}=${entityRef}, in the infrastructure code that created it): then only that entity may fail over and the other claimants are ignored.`
          : `Control panel ${panel} has no ${ENTITY_REF_TAG} tag, so the portal cannot verify that it belongs to ${entityRef}. Tag the panel with ${ENTITY_REF_TAG}=${entityRef} (in the infrastructure code that created it).`,
      );
    }
    const ownerProblem = ownerTagProblem(
      tags,
      entityRef,
      entityOwners(entity),
      this.deps.platformAdminGroups,
    );
    if (ownerProblem) {
      throw new NotAllowedError(
        `Control panel ${panel} ${ownerProblem} Refusing to change it.`,
      );
    }
    // The tag names this entity, so it is the one legitimate claimant. The
    // lookup below only informs: a catalog hiccup must not block a failover.
    const squatters = await this.otherClaimants(
      entityRef,
      config,
      ` (informational only, the panel tag names ${entityRef})`,
    );
    if (squatters.length > 0) {
      this.deps.logger.warn(
        `Possible claim squatting: ${squatters.join(
          ', ',
        )} name the control panel or routing controls of ${entityRef} (${panel}) in their annotations. Ignored, because the panel's ${ENTITY_REF_TAG} tag names ${entityRef}; remove those annotations from the catalog.`,
      );
    }
    return { squatters };
  }

  /** Other entities naming the panel; none when the catalog cannot say (logged). */
  private async otherClaimants(
    entityRef: string,
    config: MultiRegionConfig,
    note = '',
  ): Promise<string[]> {
    try {
      return await this.deps.entities.otherClaimants(entityRef, config);
    } catch (error) {
      this.deps.logger.warn(
        `Could not list other catalog entities naming control panel ${
          config.controlPanelArn
        }${note}: ${stringifyError(error)}`,
      );
      return [];
    }
  }
}
