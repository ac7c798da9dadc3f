import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useState,
} from 'react';
import { ProxiedSignInPage, SignInPage } from '@backstage/core-components';
import { SignInPageProps } from '@backstage/core-plugin-api';
import { ExampleUserCard, ExampleUserFailure } from './ExampleUserCard';
import {
  EXAMPLE_USER_HEADER,
  EXAMPLE_USERS_PROVIDER,
  forgetExampleUser,
  forgettingOnSignOut,
  rememberedExampleUser,
  rememberExampleUser,
} from './exampleUserSession';

const SignInFailed = createContext<(error?: Error) => void>(() => {});

/** ProxiedSignInPage's error view: hands the error back to the sign-in page. */
function ReportFailure({ error }: { error?: Error }) {
  const onFailure = useContext(SignInFailed);
  useEffect(() => onFailure(error), [onFailure, error]);
  return null;
}

/** The backend's reason (ResponseError keeps it as its cause), else the error's own. */
function reasonOf(error?: Error): string {
  const cause = (error as { cause?: Error } | undefined)?.cause;
  return cause?.message || error?.message || 'unknown error';
}

/**
 * The dev portal's sign-in page: Backstage's guest card ("Enter", unchanged)
 * and an "Example users" card to sign in as any User of the example
 * organisation through the backend's dev-only `example-users` provider.
 *
 * Not `auto`: the page stays visible so a person (or a browser test) chooses.
 * The chosen user is remembered (see exampleUserSession), so a reload signs
 * in as them again without the page; a failed sign-in forgets them and shows
 * the page with the reason, so it never gets stuck on an error.
 */
export function DevSignInPage(props: SignInPageProps) {
  const { onSignInSuccess } = props;
  const [userName, setUserName] = useState(rememberedExampleUser);
  const [failure, setFailure] = useState<ExampleUserFailure>();

  const onFailure = useCallback(
    (error?: Error) => {
      forgetExampleUser();
      setFailure({ userName: userName ?? '', message: reasonOf(error) });
      setUserName(undefined);
    },
    [userName],
  );

  if (userName) {
    return (
      <SignInFailed.Provider value={onFailure}>
        <ProxiedSignInPage
          provider={EXAMPLE_USERS_PROVIDER}
          headers={{ [EXAMPLE_USER_HEADER]: userName }}
          onSignInSuccess={identity =>
            onSignInSuccess(forgettingOnSignOut(identity))
          }
          ErrorComponent={ReportFailure}
        />
      </SignInFailed.Provider>
    );
  }

  return (
    <SignInPage
      {...props}
      providers={['guest']}
      titleComponent={
        <ExampleUserCard
          failure={failure}
          onSignIn={name => {
            rememberExampleUser(name);
            setFailure(undefined);
            setUserName(name);
          }}
        />
      }
    />
  );
}
