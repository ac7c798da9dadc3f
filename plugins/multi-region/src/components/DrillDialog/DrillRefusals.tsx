import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { DrillRefusal } from '@multi-region-failover/plugin-multi-region-common';

/** Every reason the server would refuse the drill now, in its own words. */
export function DrillRefusals(props: { refusals: DrillRefusal[] }) {
  if (props.refusals.length === 0) return null;
  return (
    <Alert severity="error" data-testid="drill-refusals">
      <AlertTitle>The drill cannot start now</AlertTitle>
      <ul style={{ margin: 0, paddingLeft: 16 }}>
        {props.refusals.map(refusal => (
          <li
            key={refusal.kind}
            data-testid="drill-refusal"
            data-kind={refusal.kind}
          >
            {refusal.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
