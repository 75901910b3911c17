DEFAULT_PORT = 8765  # here, not in serve.py: the command line's help names it without loading the server
