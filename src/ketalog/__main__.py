from ketalog.entry import main

main()
