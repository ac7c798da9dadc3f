import { FormEvent, useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';

/** Why the last attempt failed, shown on the card. */
export type ExampleUserFailure = { userName: string; message: string };

/**
 * The sign-in page's card for the dev-only example users: a user name and
 * "Sign in". No list of users here: the backend accepts any User the catalog
 * holds, so examples/org.yaml stays the one place that says who exists
 * (docs/permissions.md lists them with what each may do).
 */
export function ExampleUserCard(props: {
  failure?: ExampleUserFailure;
  onSignIn(userName: string): void;
}) {
  const { failure, onSignIn } = props;
  const [userName, setUserName] = useState(failure?.userName ?? '');
  const name = userName.trim();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name) onSignIn(name);
  };

  return (
    <Box maxWidth={400} marginBottom={2}>
      <InfoCard title="Example users" variant="fullHeight">
        <Typography variant="body1">
          Dev portal only: sign in as any user of the example organisation
          (examples/org.yaml), with their own teams, such as pat, a platform
          admin. Who may do what: docs/permissions.md.
        </Typography>
        <form onSubmit={submit}>
          <Box display="flex" alignItems="flex-end" style={{ gap: 8 }}>
            <TextField
              id="example-user-name"
              label="User name"
              value={userName}
              onChange={e => setUserName(e.target.value)}
              autoComplete="off"
              margin="normal"
            />
            <Box marginBottom={1}>
              <Button
                type="submit"
                color="primary"
                variant="outlined"
                disabled={!name}
              >
                Sign in
              </Button>
            </Box>
          </Box>
        </form>
        {failure && (
          <Typography variant="body2" color="error" role="alert">
            Could not sign in as {failure.userName}: {failure.message}
          </Typography>
        )}
      </InfoCard>
    </Box>
  );
}
