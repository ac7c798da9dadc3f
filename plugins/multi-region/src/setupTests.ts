import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// findBy*/waitFor wait on a condition; the default 1 s is too short for a
// lazily loaded card on a loaded CI machine, and a longer limit costs a
// passing test nothing. The test timeout is a bound on a hang, likewise.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);
