"""The deadline engine: rules declared in one place, periods as configuration, one scan."""
