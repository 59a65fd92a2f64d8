"""Region plugins shipped with the portal; each registers under the portal.regions entry points."""

DEFAULT_REGION = "qingdao"
