package dev.gameday.cluster;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import com.github.dockerjava.api.DockerClient;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.output.FrameConsumerResultCallback;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.output.Slf4jLogConsumer;

/**
 * Sends each container's stdout and stderr through Logback to its own file in the run directory.
 * Each container gets a logger of its own (not additive, so container chatter stays out of the
 * harness's console) with a file appender; {@link #close()} flushes and detaches them all.
 *
 * <p>Testcontainers follows a container's output only from its first start. A node powered off and on
 * again is the same container started anew, and what it prints then (log replay, catching up, elections)
 * is what a failed run is read for, so {@link #followAgain} attaches to the new process and appends to
 * the same file, after a line that marks the restart.
 */
public final class ContainerLogFiles implements AutoCloseable {

    private final Function<String, Path> fileOf;
    private final String runId;
    private final List<Logger> loggers = new ArrayList<>();
    private final Map<String, Consumer<OutputFrame>> consumers = new HashMap<>();
    private final List<Closeable> restartFollowers = new ArrayList<>();

    /** @param fileOf where a container's log goes, by container name */
    public ContainerLogFiles(Function<String, Path> fileOf, String runId) {
        this.fileOf = fileOf;
        this.runId = runId;
    }

    /** A consumer for {@code GenericContainer.withLogConsumer}: lines of that container to its file. */
    public synchronized Consumer<OutputFrame> consumerFor(String containerName) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();

        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("container-" + runId + "-" + containerName);
        file.setFile(fileOf.apply(containerName).toString());
        file.setEncoder(encoder);
        file.setAppend(true);
        file.start();

        Logger logger = context.getLogger("gameday.container." + runId + "." + containerName);
        logger.setAdditive(false);
        // Every line the container prints goes to its file, whatever level the harness's console shows.
        logger.setLevel(Level.ALL);
        logger.addAppender(file);
        loggers.add(logger);
        Consumer<OutputFrame> consumer = new Slf4jLogConsumer(logger).withSeparateOutputStreams();
        consumers.put(containerName, consumer);
        return consumer;
    }

    /**
     * Follows a container that was just started again, from {@code startedAt} (whole seconds: the
     * engine's resolution; the previous process was killed at least a second earlier).
     */
    public synchronized void followAgain(
            DockerClient docker, String containerId, String containerName, Instant startedAt) {
        Consumer<OutputFrame> consumer = consumers.get(containerName);
        if (consumer == null) {
            throw new IllegalStateException("no log file for container " + containerName);
        }
        consumer.accept(new OutputFrame(
                OutputFrame.OutputType.STDOUT,
                ("=== gameday: container started again at " + startedAt + " ===\n").getBytes()));
        FrameConsumerResultCallback callback = new FrameConsumerResultCallback();
        callback.addConsumer(OutputFrame.OutputType.STDOUT, consumer);
        callback.addConsumer(OutputFrame.OutputType.STDERR, consumer);
        restartFollowers.add(docker.logContainerCmd(containerId)
                .withStdOut(true)
                .withStdErr(true)
                .withFollowStream(true)
                .withSince((int) startedAt.getEpochSecond())
                .exec(callback));
    }

    @Override
    public synchronized void close() {
        for (Closeable follower : restartFollowers) {
            try {
                follower.close();
            } catch (IOException | RuntimeException ignored) {
                // The container is gone or going: there is nothing left to follow.
            }
        }
        restartFollowers.clear();
        for (Logger logger : loggers) {
            logger.detachAndStopAllAppenders();
        }
        loggers.clear();
    }
}
