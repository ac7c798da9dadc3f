import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Write the /inventory route of the external API into the new service's workspace (external-api/route.openapi.yaml), for the external API's owners to merge",
    example: yaml.stringify({
      steps: [
        {
          id: 'route',
          action: 'multi-region:external-api:add-route',
          name: 'Add the external API route',
          input: {
            name: 'inventory',
            path: '/inventory',
            dnsName: 'inventory.example.com',
            owner: 'group:default/team-orders',
          },
        },
      ],
    }),
  },
  {
    description:
      "Merge the route straight into the external API's OpenAPI file configured at multiRegionScaffolder.externalApi.openApiFile",
    example: yaml.stringify({
      steps: [
        {
          id: 'route',
          action: 'multi-region:external-api:add-route',
          input: {
            name: 'inventory',
            path: '/inventory',
            dnsName: 'inventory.example.com',
            destination: 'config',
          },
        },
      ],
    }),
  },
];
