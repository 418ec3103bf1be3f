package dev.gameday.faultproxy;

import dev.gameday.faultproxy.api.ApiJson;
import dev.gameday.faultproxy.api.ApiServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the fault proxy as a process, with Toxiproxy's server flags. */
@Command(
        name = "fault-proxy",
        mixinStandardHelpOptions = true,
        version = "fault-proxy, Toxiproxy API " + ApiServer.API_VERSION,
        description =
                "Toxiproxy-compatible fault proxy: HTTP API on -host:-port, link faults on proxied TCP connections.")
public final class FaultProxyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = {"-host", "--host"},
            defaultValue = "localhost",
            description = "Host for the API to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = {"-port", "--port"},
            defaultValue = "8474",
            description = "Port for the API to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = {"-config", "--config"},
            description = "JSON file with an array of proxies to create at start, as POST /populate takes.")
    Path config;

    @Override
    public Integer call() throws Exception {
        List<ProxySettings> initialProxies = config == null ? List.of() : readConfig(config);
        FaultProxyServer server = FaultProxyServer.start(new InetSocketAddress(host, port));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "fault-proxy-shutdown"));
        try {
            server.registry().populate(initialProxies);
        } catch (ApiException e) {
            server.close();
            throw new CommandLine.ParameterException(spec.commandLine(), "-config " + config + ": " + e.getMessage());
        }
        stopped.await();
        return 0;
    }

    private List<ProxySettings> readConfig(Path file) {
        try {
            return ApiJson.populateList(ApiJson.parse(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-config " + file + ": cannot read: " + e);
        } catch (ApiException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-config " + file + ": " + e.getMessage());
        }
    }

    public static void main(String[] args) {
        // The runnable jar's own logging setup, unless the caller chose one.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "fault-proxy-logback.xml");
        }
        System.exit(new CommandLine(new FaultProxyCommand()).execute(args));
    }
}
