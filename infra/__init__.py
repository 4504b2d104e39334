"""What connects the domain to Temporal and the machine: settings, keys, codec, logging."""
