import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Publish the workspace locally and register it in the catalog',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'multi-region:publish:local',
          name: 'Publish locally',
          input: { name: '${{ parameters.name }}' },
        },
        {
          id: 'register',
          action: 'multi-region:catalog:register-published',
          name: 'Register',
          input: {
            name: '${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
          },
        },
      ],
    }),
  },
];
