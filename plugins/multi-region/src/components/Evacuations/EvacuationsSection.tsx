import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Evacuation } from '@multi-region-failover/plugin-multi-region-common';
import { ErrorNotice } from '../ErrorNotice';
import { EvacuationsTable } from './EvacuationsTable';

/**
 * The org page's "Evacuations": recent ones, or nothing at all when there
 * are none (or the backend predates them: 404).
 */
export function EvacuationsSection(props: {
  evacuations?: Evacuation[];
  error?: unknown;
  onRetry: () => void;
  onOpen: (evacuation: Evacuation) => void;
  /** Signals drive the re-reads (else it polls). */
  live?: boolean;
}) {
  const { evacuations, error } = props;
  if (error !== undefined && !evacuations) {
    if (ResponseError.is(error) && error.statusCode === 404) return null;
    return (
      <ErrorNotice
        error={error}
        summary="Could not load the evacuations"
        onRetry={props.onRetry}
        testId="evacuations-error"
      />
    );
  }
  if (!evacuations?.length) return null;
  return (
    <Box my={2}>
      <Typography variant="h6" component="h2">
        Evacuations
      </Typography>
      <EvacuationsTable
        evacuations={evacuations}
        onOpen={props.onOpen}
        live={props.live}
      />
    </Box>
  );
}
