package dev.gameday.run;

import dev.gameday.canary.CanaryClient;
import dev.gameday.canary.Command;
import dev.gameday.canary.HistoryRecorder;
import dev.gameday.canary.ProcessIds;
import dev.gameday.nemesis.Corruption;
import dev.gameday.nemesis.Endpoint;
import dev.gameday.nemesis.ExecutedFault;
import dev.gameday.nemesis.LocalProcessCluster;
import dev.gameday.report.ScrubSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * An in-process register store whose routers depend on real processes: a request through an AZ's
 * router is refused while that AZ's storage node process is killed, and times out while it is
 * stopped (SIGSTOP). With {@code losesWritesWhilePoweredOff}, it instead acknowledges writes through
 * a killed node's router and drops them: the kind of bug the durability checker must catch.
 */
final class InMemoryStore implements StoreAccess {
    private final Map<String, Long> data = new ConcurrentHashMap<>();
    private final LocalProcessCluster cluster;
    private final boolean losesWritesWhilePoweredOff;

    InMemoryStore(LocalProcessCluster cluster, boolean losesWritesWhilePoweredOff) {
        this.cluster = cluster;
        this.losesWritesWhilePoweredOff = losesWritesWhilePoweredOff;
    }

    @Override
    public List<String> deliberateBugs() {
        return losesWritesWhilePoweredOff ? List.of("losesWritesWhilePoweredOff") : List.of();
    }

    @Override
    public CanaryClient client(String clientAz, Endpoint endpoint) {
        String node = endpoint.az() + "-storage-1";
        return command -> {
            String state = state(node);
            if (state.equals("T")) {
                Thread.sleep(callTimeout().toMillis());
                throw SdkClientException.builder()
                        .cause(new java.net.SocketTimeoutException("Read timed out"))
                        .build();
            }
            if (state.equals("dead")) {
                if (losesWritesWhilePoweredOff && command.f().equals("write")) {
                    return command.value(); // acknowledged, never stored
                }
                throw SdkClientException.builder()
                        .cause(new ConnectException("Connection refused"))
                        .build();
            }
            return apply(command);
        };
    }

    private Object apply(Command command) {
        switch (command.f()) {
            case "read" -> {
                return data.get(command.key());
            }
            case "write" -> {
                data.put(command.key(), (Long) command.value());
                return command.value();
            }
            case "cas" -> {
                List<?> pair = (List<?>) command.value();
                boolean[] swapped = {false};
                data.computeIfPresent(command.key(), (k, current) -> {
                    swapped[0] = Objects.equals(current, pair.get(0));
                    return swapped[0] ? (Long) pair.get(1) : current;
                });
                if (!swapped[0]) {
                    throw ConditionalCheckFailedException.builder()
                            .statusCode(400)
                            .awsErrorDetails(AwsErrorDetails.builder()
                                    .errorCode("ConditionalCheckFailedException")
                                    .build())
                            .build();
                }
                return pair;
            }
            default -> throw new IllegalArgumentException("unknown command " + command);
        }
    }

    private String state(String node) {
        try {
            return cluster.state(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Duration callTimeout() {
        return Duration.ofMillis(40);
    }

    @Override
    public ScrubSummary finalReadsAndScrub(
            HistoryRecorder recorder, ProcessIds processIds, List<Corruption> injected, List<ExecutedFault> executed) {
        recorder.record(processIds.next(), "final-read", null, null, Map.of(), () -> new TreeMap<>(data));
        return new ScrubSummary(cluster.topology().storageNodes().size(), 0, injected.size(), 0, 0, true, List.of());
    }
}
