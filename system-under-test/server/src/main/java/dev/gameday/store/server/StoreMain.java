package dev.gameday.store.server;

import dev.gameday.store.server.cli.StoreCommand;
import picocli.CommandLine;

/** Entry point of the store distribution: {@code store node|router|archive-store --config FILE [--id ID]}. */
public final class StoreMain {
    private StoreMain() {}

    public static void main(String[] args) {
        // The JDK HTTP server (router and admin endpoints) leaves Nagle's algorithm on by default, which adds a
        // delayed-ACK stall to small request/response exchanges. Must be set before the first server is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int code = new CommandLine(new StoreCommand()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
