"""`python -m factbot` runs the same command line as the `factbot` script."""

from factbot.cli import main

raise SystemExit(main())
