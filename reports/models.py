"""Monthly POB report snapshots and the tracker dashboard (SPEC section 9)."""
