import {
  ComponentProps,
  PropsWithChildren,
  ReactElement,
  ReactNode,
} from 'react';
import { Grid } from '@material-ui/core';
import {
  EntityApiDefinitionCard,
  EntityConsumedApisCard,
  EntityConsumingComponentsCard,
  EntityHasApisCard,
  EntityProvidedApisCard,
  EntityProvidingComponentsCard,
} from '@backstage/plugin-api-docs';
import {
  EntityAboutCard,
  EntityDependsOnComponentsCard,
  EntityDependsOnResourcesCard,
  EntityHasComponentsCard,
  EntityHasResourcesCard,
  EntityHasSubcomponentsCard,
  EntityHasSystemsCard,
  EntityLayout,
  EntityLinksCard,
  EntitySwitch,
  EntityOrphanWarning,
  EntityProcessingErrorsPanel,
  isComponentType,
  isKind,
  hasCatalogProcessingErrors,
  isOrphan,
  hasRelationWarnings,
  EntityRelationWarning,
} from '@backstage/plugin-catalog';
import {
  EntityUserProfileCard,
  EntityGroupProfileCard,
  EntityMembersListCard,
  EntityOwnershipCard,
} from '@backstage/plugin-org';
import {
  Direction,
  EntityCatalogGraphCard,
} from '@backstage/plugin-catalog-graph';
import {
  RELATION_API_CONSUMED_BY,
  RELATION_API_PROVIDED_BY,
  RELATION_CONSUMES_API,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
} from '@backstage/catalog-model';
import {
  EntityMultiRegionCard,
  EntityMultiRegionContent,
  isMultiRegionAvailable,
} from '@multi-region-failover/plugin-multi-region';

/** A card slot: full width on small screens, `md` twelfths on wide ones. */
const Slot = ({
  md = 6,
  children,
}: PropsWithChildren<{ md?: 4 | 6 | 8 | 12 }>) => (
  <Grid item xs={12} md={md}>
    {children}
  </Grid>
);

/** The catalog's own warnings about an entity, each shown when it applies. */
const WARNINGS: Array<
  [ComponentProps<typeof EntitySwitch.Case>['if'], ReactElement]
> = [
  [isOrphan, <EntityOrphanWarning />],
  [hasRelationWarnings, <EntityRelationWarning />],
  [hasCatalogProcessingErrors, <EntityProcessingErrorsPanel />],
];

/** The grid of an overview tab, topped by the catalog's entity warnings. */
const Overview = ({ children }: PropsWithChildren<{}>) => (
  <Grid container spacing={3} alignItems="stretch">
    {WARNINGS.map(([applies, warning], i) => (
      <EntitySwitch key={i}>
        <EntitySwitch.Case if={applies}>
          <Slot md={12}>{warning}</Slot>
        </EntitySwitch.Case>
      </EntitySwitch>
    ))}
    {children}
  </Grid>
);

/** One half-width slot per card (keyed: pages pass several such lists). */
const slots = (...cards: ReactElement[]) =>
  cards.map((card, i) => <Slot key={i}>{card}</Slot>);

/** The overview tab of a kind's page. */
const overviewRoute = (children: ReactNode) => (
  <EntityLayout.Route path="/" title="Overview">
    <Overview>{children}</Overview>
  </EntityLayout.Route>
);

const aboutAndGraph = slots(
  <EntityAboutCard />,
  <EntityCatalogGraphCard height={400} />,
);

const componentOverview = (
  <Overview>
    <Slot>
      <EntityAboutCard />
    </Slot>
    {/* Shown for every component with multi-region annotations, including
        malformed ones: the card then says which annotation to fix. */}
    <EntitySwitch>
      <EntitySwitch.Case if={isMultiRegionAvailable}>
        <Slot>
          <EntityMultiRegionCard />
        </Slot>
      </EntitySwitch.Case>
    </EntitySwitch>
    <Slot>
      <EntityCatalogGraphCard height={400} />
    </Slot>
    <Slot>
      <EntityLinksCard />
    </Slot>
    <Slot md={12}>
      <EntityHasSubcomponentsCard />
    </Slot>
  </Overview>
);

const componentPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {componentOverview}
    </EntityLayout.Route>

    <EntityLayout.Route
      path="/multi-region"
      title="Multi-region"
      if={isMultiRegionAvailable}
    >
      <EntityMultiRegionContent />
    </EntityLayout.Route>

    <EntityLayout.Route
      path="/api"
      title="API"
      if={isComponentType(['service', 'website'])}
    >
      <Overview>
        {slots(<EntityProvidedApisCard />, <EntityConsumedApisCard />)}
      </Overview>
    </EntityLayout.Route>

    <EntityLayout.Route path="/dependencies" title="Dependencies">
      <Overview>
        {slots(
          <EntityDependsOnComponentsCard />,
          <EntityDependsOnResourcesCard />,
        )}
      </Overview>
    </EntityLayout.Route>
  </EntityLayout>
);

const apiPage = (
  <EntityLayout>
    {overviewRoute([
      aboutAndGraph,
      slots(
        <EntityProvidingComponentsCard />,
        <EntityConsumingComponentsCard />,
      ),
    ])}

    <EntityLayout.Route path="/definition" title="Definition">
      <Overview>
        <Slot md={12}>
          <EntityApiDefinitionCard />
        </Slot>
      </Overview>
    </EntityLayout.Route>
  </EntityLayout>
);

const userPage = (
  <EntityLayout>
    {overviewRoute(slots(<EntityUserProfileCard />, <EntityOwnershipCard />))}
  </EntityLayout>
);

const groupPage = (
  <EntityLayout>
    {overviewRoute(
      slots(
        <EntityGroupProfileCard />,
        <EntityOwnershipCard />,
        <EntityMembersListCard />,
        <EntityLinksCard />,
      ),
    )}
  </EntityLayout>
);

const systemPage = (
  <EntityLayout>
    {overviewRoute([
      aboutAndGraph,
      <Slot md={12} key="components">
        <EntityHasComponentsCard />
      </Slot>,
      slots(<EntityHasApisCard />, <EntityHasResourcesCard />),
    ])}
    <EntityLayout.Route path="/diagram" title="Diagram">
      <EntityCatalogGraphCard
        direction={Direction.TOP_BOTTOM}
        title="System Diagram"
        height={700}
        relations={[
          RELATION_PART_OF,
          RELATION_HAS_PART,
          RELATION_API_CONSUMED_BY,
          RELATION_API_PROVIDED_BY,
          RELATION_CONSUMES_API,
          RELATION_PROVIDES_API,
          RELATION_DEPENDENCY_OF,
          RELATION_DEPENDS_ON,
        ]}
        unidirectional={false}
      />
    </EntityLayout.Route>
  </EntityLayout>
);

const domainPage = (
  <EntityLayout>
    {overviewRoute([aboutAndGraph, slots(<EntityHasSystemsCard />)])}
  </EntityLayout>
);

const defaultEntityPage = (
  <EntityLayout>{overviewRoute(aboutAndGraph)}</EntityLayout>
);

export const entityPage = (
  <EntitySwitch>
    <EntitySwitch.Case if={isKind('component')} children={componentPage} />
    <EntitySwitch.Case if={isKind('api')} children={apiPage} />
    <EntitySwitch.Case if={isKind('group')} children={groupPage} />
    <EntitySwitch.Case if={isKind('user')} children={userPage} />
    <EntitySwitch.Case if={isKind('system')} children={systemPage} />
    <EntitySwitch.Case if={isKind('domain')} children={domainPage} />
    <EntitySwitch.Case>{defaultEntityPage}</EntitySwitch.Case>
  </EntitySwitch>
);
