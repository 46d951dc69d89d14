"""The `microgd` command: main.py wires up argparse; each subcommand has a module of its own.

Read main.py first, then demo.py (`microgd demo`, the whole story in one run), fit_command.py
(`microgd fit`) and graph_command.py (`microgd graph`).
"""
