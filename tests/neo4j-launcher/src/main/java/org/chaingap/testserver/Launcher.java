package org.chaingap.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Runs Neo4j Community embedded with Bolt on 127.0.0.1, for chaingap's test suite.
 *
 * <p>Usage: {@code Launcher <data-dir> <bolt-port> <password>}. Authentication is on: the
 * built-in user {@code neo4j} gets {@code password} at first start, so tests can check both
 * the right and a wrong password. Prints {@code READY bolt://127.0.0.1:<port>} once Bolt
 * accepts connections; shuts down cleanly when standard input closes or on SIGTERM.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Launcher <data-dir> <bolt-port> <password>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = args[2];

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .build();

        Runtime.getRuntime().addShutdownHook(new Thread(service::shutdown, "neo4j-launcher-shutdown"));

        service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("password", password));

        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();

        waitForStdinToClose();
        System.exit(0);
    }

    /** Blocks until the parent closes our standard input (or dies), then returns. */
    private static void waitForStdinToClose() {
        byte[] buffer = new byte[256];
        try (InputStream in = System.in) {
            while (in.read(buffer) >= 0) {
                // discard anything written; only end-of-file matters
            }
        } catch (IOException ignored) {
            // a broken pipe means the parent is gone: stop as well
        }
    }
}
