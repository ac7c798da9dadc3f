import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  externalApiSummary,
  exampleServices,
  ordersSummary,
  paymentsSummary,
  searchSummary,
} from '../../__fixtures__/services';
import { layoutTopology, UNKNOWN_REGION } from './layout';
import { TopologyDiagram } from './TopologyDiagram';

describe('layoutTopology', () => {
  it('puts each service in the column of its active region and marks cross-region calls', () => {
    const layout = layoutTopology(
      {
        ...externalApiSummary,
        dependsOn: [...externalApiSummary.dependsOn, searchSummary.entityRef],
      },
      [...exampleServices, searchSummary],
    );
    expect(layout.columns).toEqual(['us-east-1', 'us-west-2', UNKNOWN_REGION]);
    expect(layout.externalApi).toMatchObject({
      name: 'external-api',
      region: 'us-west-2',
      column: 1,
      awayFromPrimary: true,
    });
    expect(
      layout.edges.map(e => [e.to.name, e.to.region, e.crossRegion]),
    ).toEqual([
      ['orders', 'us-east-1', true],
      ['payments', UNKNOWN_REGION, true],
      ['search', 'us-west-2', false],
    ]);
    expect(layout.missing).toEqual(['component:default/legacy-billing']);
  });

  it('keeps a same-region call plain', () => {
    const layout = layoutTopology(
      {
        ...externalApiSummary,
        active: ordersSummary.active,
        dependsOn: [ordersSummary.entityRef],
      },
      [ordersSummary],
    );
    expect(layout.edges).toEqual([
      expect.objectContaining({ crossRegion: false }),
    ]);
    expect(layout.columns).toEqual(['us-east-1', 'us-west-2']);
  });
});

describe('TopologyDiagram', () => {
  it('draws region columns, nodes and arrows', async () => {
    await renderInTestApp(
      <TopologyDiagram
        externalApi={externalApiSummary}
        services={[ordersSummary, paymentsSummary]}
      />,
    );
    const svg = screen.getByTestId('topology-diagram');
    expect(
      within(svg).getByTestId('topology-column-us-east-1'),
    ).toHaveTextContent('us-east-1');
    expect(
      within(svg).getByTestId('topology-column-us-west-2'),
    ).toHaveTextContent('us-west-2');
    expect(
      within(svg).getByTestId(`topology-column-${UNKNOWN_REGION}`),
    ).toHaveTextContent('region unknown');
    expect(
      within(svg).getByTestId('topology-node-external-api'),
    ).toHaveTextContent('active in us-west-2 (secondary)');
    expect(within(svg).getByTestId('topology-node-payments')).toHaveTextContent(
      'active region unknown',
    );
    expect(within(svg).getByTestId('topology-edge-orders')).toHaveTextContent(
      'cross-region',
    );
  });
});
