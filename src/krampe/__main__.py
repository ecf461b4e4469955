from krampe.cli.main import run

run()
