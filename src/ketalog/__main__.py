from ketalog.cli import main

main()
