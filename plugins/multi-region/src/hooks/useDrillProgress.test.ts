import { drill, soakingDrill } from '../__fixtures__/drills';
import { isDrillFinal } from './useDrillProgress';

describe('isDrillFinal', () => {
  it.each(['completed', 'failed', 'needs-attention'] as const)(
    'stops following a drill that is %s',
    state => expect(isDrillFinal(drill({ state }))).toBe(true),
  );

  it.each(['failing-over', 'soaking', 'failing-back'] as const)(
    'keeps following one that is %s',
    state => expect(isDrillFinal(soakingDrill({ state }))).toBe(false),
  );
});
