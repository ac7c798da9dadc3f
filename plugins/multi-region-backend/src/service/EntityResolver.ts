import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError, toError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CatalogPredicate, fieldMatch } from '../permissions/catalogConditions';
import {
  AnnotationProblem,
  MULTI_REGION_ANNOTATIONS,
  MultiRegionConfig,
  parseMultiRegionAnnotations,
} from '@multi-region-failover/plugin-multi-region-common';

/** An entity with its parsed configuration, or the problems with it. */
export type ResolvedEntity =
  | {
      entity: Entity;
      entityRef: string;
      config: MultiRegionConfig;
      annotationErrors?: undefined;
    }
  | {
      entity: Entity;
      entityRef: string;
      config?: undefined;
      annotationErrors: AnnotationProblem[];
    };

const annotationKey = (name: keyof typeof MULTI_REGION_ANNOTATIONS) =>
  `metadata.annotations.${MULTI_REGION_ANNOTATIONS[name]}`;

/** A normalised entity ref, or a 400 saying what a valid one looks like. */
export function normaliseEntityRef(ref: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch (error) {
    throw new InputError(
      `"${ref}" is not an entity ref; expected e.g. component:default/orders (${
        toError(error).message
      })`,
      error,
    );
  }
}

/**
 * Reads multi-region entities from the catalog: AS THE CALLER for requests
 * (so a caller learns nothing about entities it cannot see), and with the
 * plugin's own credentials for the refresher and the claim check.
 */
export class EntityResolver {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly clusterNames: () => string[],
  ) {}

  async getAsCaller(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<ResolvedEntity> {
    const entity = await this.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${entityRef} in the catalog (or you may not see it).`,
      );
    }
    return this.resolve(entity);
  }

  /**
   * Every entity carrying multi-region annotations that these credentials
   * may see and, with `matching`, that also match that catalog query (a
   * policy's conditions, applied by the catalog in the same query).
   */
  async list(
    credentials?: BackstageCredentials,
    options: { matching?: CatalogPredicate } = {},
  ): Promise<ResolvedEntity[]> {
    const creds = credentials ?? (await this.auth.getOwnServiceCredentials());
    if (options.matching) {
      const items: Entity[] = [];
      for await (const page of this.catalog.streamEntities(
        {
          query: {
            $all: [
              {
                $any: [
                  fieldMatch(annotationKey('cluster'), { $exists: true }),
                  fieldMatch(annotationKey('controlPanelArn'), {
                    $exists: true,
                  }),
                ],
              },
              options.matching,
            ],
          },
        },
        { credentials: creds },
      )) {
        items.push(...page);
      }
      return items.map(e => this.resolve(e));
    }
    const { items } = await this.catalog.getEntities(
      {
        filter: [
          { [annotationKey('cluster')]: CATALOG_FILTER_EXISTS },
          { [annotationKey('controlPanelArn')]: CATALOG_FILTER_EXISTS },
        ],
      },
      { credentials: creds },
    );
    return items.map(e => this.resolve(e));
  }

  /**
   * Other entities (seen with the plugin's own credentials, so invisible ones
   * count too) whose annotations claim the same control panel or controls.
   */
  async otherClaimants(
    entityRef: string,
    config: MultiRegionConfig,
  ): Promise<string[]> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const controls = [
      config.primary.routingControlArn,
      config.secondary.routingControlArn,
    ];
    const { items } = await this.catalog.getEntities(
      {
        filter: [
          { [annotationKey('controlPanelArn')]: config.controlPanelArn },
          ...controls.flatMap(arn => [
            { [annotationKey('primaryRoutingControlArn')]: arn },
            { [annotationKey('secondaryRoutingControlArn')]: arn },
          ]),
        ],
      },
      { credentials },
    );
    return [...new Set(items.map(e => stringifyEntityRef(e)))].filter(
      ref => ref !== entityRef,
    );
  }

  resolve(entity: Entity): ResolvedEntity {
    const entityRef = stringifyEntityRef(entity);
    const parsed = parseMultiRegionAnnotations(entity);
    if (!parsed.ok)
      return { entity, entityRef, annotationErrors: parsed.errors };
    const names = this.clusterNames();
    if (!names.includes(parsed.config.clusterName)) {
      return {
        entity,
        entityRef,
        annotationErrors: [
          {
            annotation: MULTI_REGION_ANNOTATIONS.cluster,
            problem: `names cluster "${parsed.config.clusterName}", which this portal does not know`,
            expected: `one of the clusters configured in multiRegion.clusters: ${
              names.join(', ') || '(none)'
            }`,
          },
        ],
      };
    }
    return { entity, entityRef, config: parsed.config };
  }
}
