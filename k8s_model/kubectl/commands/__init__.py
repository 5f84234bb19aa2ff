"""One module per kubectl command; each exposes `run(ctx, argv, stdin) -> str`."""
