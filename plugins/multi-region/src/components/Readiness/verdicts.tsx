import { CSSProperties } from 'react';
import { useTheme } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import WarningIcon from '@material-ui/icons/Warning';
import { ReadinessVerdict } from '@multi-region-failover/plugin-multi-region-common';

/** What a screen reader says for each verdict's icon. */
export const VERDICT_LABELS: Record<ReadinessVerdict, string> = {
  pass: 'Pass',
  warn: 'Warning',
  fail: 'Fail',
};

/**
 * A whole summary's verdict in one word, as the org-wide page's chip and
 * filter say it. Warnings do not make a service "not ready".
 */
export const READINESS_STATUS_LABELS: Record<ReadinessVerdict, string> = {
  pass: 'Ready',
  warn: 'Warnings',
  fail: 'Not ready',
};

const ICONS = {
  pass: CheckCircleIcon,
  warn: WarningIcon,
  fail: ErrorIcon,
};

/** The theme colour of a verdict (icons and headlines). */
export function useVerdictColor(): (verdict: ReadinessVerdict) => string {
  const theme = useTheme();
  return verdict =>
    ({
      pass: theme.palette.success.main,
      warn: theme.palette.warning.main,
      fail: theme.palette.error.main,
    }[verdict]);
}

/**
 * A pass / warn / fail icon in its colour, named for assistive technology
 * (unless decorative).
 */
export function VerdictIcon(props: {
  verdict: ReadinessVerdict;
  fontSize?: 'small' | 'inherit' | 'default';
  style?: CSSProperties;
  /** Set by a Chip that shows it as its icon. */
  className?: string;
  /** Beside text that already says the verdict: hidden from screen readers. */
  decorative?: boolean;
}) {
  const color = useVerdictColor();
  const Icon = ICONS[props.verdict];
  return (
    <Icon
      fontSize={props.fontSize ?? 'small'}
      titleAccess={props.decorative ? undefined : VERDICT_LABELS[props.verdict]}
      className={props.className}
      style={{ color: color(props.verdict), ...props.style }}
    />
  );
}
