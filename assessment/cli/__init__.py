"""The command line: typer commands only, calling the services."""
