import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto' },
  path: { fill: '#7df3e1' },
});

/** The sidebar's Backstage logo: one path in its own view box and height. */
export const Logo = (props: { viewBox: string; height: number; d: string }) => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      style={{ height: props.height }}
      xmlns="http://www.w3.org/2000/svg"
      viewBox={props.viewBox}
    >
      <path className={classes.path} d={props.d} />
    </svg>
  );
};
