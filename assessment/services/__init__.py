"""What both front doors (the app and the command line) call."""
