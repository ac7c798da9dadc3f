import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const input = {
  name: 'inventory',
  dnsName: 'inventory.example.com',
  hostedZoneId: 'Z0EXAMPLE1PUBLIC',
  primaryRegion: 'us-east-1',
  secondaryRegion: 'us-west-2',
  primaryRoutingControlArn: '${{ steps.arc.output.primaryRoutingControlArn }}',
  secondaryRoutingControlArn:
    '${{ steps.arc.output.secondaryRoutingControlArn }}',
};

export const examples: TemplateExample[] = [
  {
    description:
      'Create the RECOVERY_CONTROL health checks and failover records of inventory.example.com from the routing controls of an earlier multi-region:arc:provision step (without alias targets this needs multiRegionScaffolder.route53.placeholderAliasTargets, for portals without real API Gateway domains)',
    example: yaml.stringify({
      steps: [
        {
          id: 'dns',
          action: 'multi-region:route53:provision',
          name: 'Create health checks and failover records',
          input,
        },
      ],
    }),
  },
  {
    description:
      "With explicit alias targets: the API Gateway custom domains' regional domain names and hosted zone ids",
    example: yaml.stringify({
      steps: [
        {
          id: 'dns',
          action: 'multi-region:route53:provision',
          input: {
            ...input,
            primaryTarget: {
              dnsName: 'd-abc123.execute-api.us-east-1.amazonaws.com',
              hostedZoneId: 'Z0APIGWZONEEAST',
            },
            secondaryTarget: {
              dnsName: 'd-def456.execute-api.us-west-2.amazonaws.com',
              hostedZoneId: 'Z0APIGWZONEWEST',
            },
          },
        },
      ],
    }),
  },
];
