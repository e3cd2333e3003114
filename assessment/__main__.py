from assessment.cli import main

main()
