package dev.gameday.cluster;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.output.Slf4jLogConsumer;

/**
 * Sends each container's stdout and stderr through Logback to its own file in the run directory.
 * Each container gets a logger of its own (not additive, so container chatter stays out of the
 * harness's console) with a file appender; {@link #close()} flushes and detaches them all.
 */
public final class ContainerLogFiles implements AutoCloseable {

  private final Function<String, Path> fileOf;
  private final String runId;
  private final List<Logger> loggers = new ArrayList<>();

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
    return new Slf4jLogConsumer(logger).withSeparateOutputStreams();
  }

  @Override
  public synchronized void close() {
    for (Logger logger : loggers) {
      logger.detachAndStopAllAppenders();
    }
    loggers.clear();
  }
}
