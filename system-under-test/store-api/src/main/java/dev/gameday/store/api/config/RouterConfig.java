package dev.gameday.store.api.config;

/** One request router: the public DynamoDB endpoint of its availability zone, plus its admin endpoint. */
public record RouterConfig(String id, String az, String host, int port, int adminPort, int threads) {
    public String endpointUrl() {
        return "http://" + host + ":" + port;
    }

    public String adminUrl() {
        return "http://" + host + ":" + adminPort;
    }
}
