"""Region plugins shipped with the portal; each registers under the portal.regions entry points."""
