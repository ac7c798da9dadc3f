import { Link } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { AnnotationProblem } from '@multi-region-failover/plugin-multi-region-common';
import { SmallTable } from '../SmallTable';

/** Where the annotation reference lives unless app-config says otherwise. */
const DEFAULT_ANNOTATIONS_DOCS_URL =
  'https://example.invalid/multi-region-failover/blob/main/docs/annotations.md';

/** The annotation docs link: `multiRegion.annotationsDocsUrl` in app-config, or the default. */
function useAnnotationsDocsUrl(): string {
  const config = useApi(configApiRef);
  return (
    config.getOptionalString('multiRegion.annotationsDocsUrl') ??
    DEFAULT_ANNOTATIONS_DOCS_URL
  );
}

/**
 * Every annotation problem of a malformed entity: key, problem, expected value.
 * Shown instead of the status so owners can fix their catalog-info.yaml.
 */
export function AnnotationProblems(props: { problems: AnnotationProblem[] }) {
  const docsUrl = useAnnotationsDocsUrl();
  return (
    <div data-testid="multi-region-annotation-errors">
      <Alert severity="error">
        This entity's multi-region annotations are invalid, so its regions
        cannot be shown or failed over. Fix{' '}
        {props.problems.length === 1
          ? 'this problem'
          : `these ${props.problems.length} problems`}{' '}
        in its catalog-info.yaml; see{' '}
        <Link to={docsUrl} data-testid="multi-region-annotation-docs-link">
          docs/annotations.md
        </Link>{' '}
        for every key.
      </Alert>
      <SmallTable
        label="Annotation problems"
        columns={['Annotation', 'Problem', 'Expected']}
      >
        {props.problems.map(p => (
          <TableRow
            key={`${p.annotation}:${p.problem}`}
            data-testid="multi-region-annotation-error"
          >
            <TableCell>
              <Typography variant="body2" component="code">
                {p.annotation}
              </Typography>
            </TableCell>
            <TableCell>{p.problem}</TableCell>
            <TableCell>{p.expected}</TableCell>
          </TableRow>
        ))}
      </SmallTable>
    </div>
  );
}
