import LoaServer

await Entrypoint.main()
