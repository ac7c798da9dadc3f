import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// findBy*/waitFor wait on a condition; the default 1 s is too short for a
// lazily loaded card on a loaded CI machine, and a longer limit costs a
// passing test nothing
configure({ asyncUtilTimeout: 10_000 });
