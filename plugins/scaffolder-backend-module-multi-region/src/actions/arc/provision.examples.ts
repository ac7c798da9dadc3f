import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const step = (input: Record<string, unknown>) =>
  yaml.stringify({
    steps: [
      {
        id: 'arc',
        action: 'multi-region:arc:provision',
        name: 'Create ARC routing controls',
        input,
      },
    ],
  });

export const examples: TemplateExample[] = [
  {
    description:
      'Create the control panel "inventory-panel", its two routing controls and the "at least one On" rule in the shared cluster',
    example: step({
      name: 'inventory',
      cluster: 'shared-arc',
      primaryRegion: 'us-east-1',
      secondaryRegion: 'us-west-2',
      owner: 'group:default/team-orders',
    }),
  },
  {
    description: 'Without a safety rule, from template parameters',
    example: step({
      name: '${{ parameters.name }}',
      cluster: '${{ parameters.cluster }}',
      primaryRegion: '${{ parameters.primaryRegion }}',
      secondaryRegion: '${{ parameters.secondaryRegion }}',
      owner: '${{ parameters.owner }}',
      safetyRule: false,
    }),
  },
];
