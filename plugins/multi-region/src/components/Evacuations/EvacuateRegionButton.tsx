import Button from '@material-ui/core/Button';
import ExitToAppIcon from '@material-ui/icons/ExitToApp';

/**
 * "Evacuate region", in the org page's header. It asks for no permission:
 * the server decides per service, and the plan says who may not.
 */
export function EvacuateRegionButton(props: {
  /** While the services (and so the regions to offer) load. */
  disabled: boolean;
  onClick: () => void;
}) {
  return (
    <Button
      variant="outlined"
      color="secondary"
      startIcon={<ExitToAppIcon />}
      disabled={props.disabled}
      onClick={props.onClick}
      style={{ marginRight: 8 }}
      data-testid="evacuation-open"
    >
      Evacuate region
    </Button>
  );
}
